package io.mezzo.agent.fetcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/** Crafts archives for tests, hostile ones included: entries are written exactly as named. */
public final class Archives {
  /** One entry: a file with content and mode, a directory, a symlink or a hard link. */
  public record Entry(String name, String content, int mode, String symlinkTo, String hardLinkTo) {
    public static Entry file(String name, String content, int mode) {
      return new Entry(name, content, mode, null, null);
    }

    public static Entry dir(String name) {
      return new Entry(name, null, 0755, null, null);
    }

    public static Entry symlink(String name, String target) {
      return new Entry(name, null, 0777, target, null);
    }

    public static Entry hardLink(String name, String target) {
      return new Entry(name, null, 0644, null, target);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  public static Archives of(Entry... es) {
    Archives a = new Archives();
    a.entries.addAll(List.of(es));
    return a;
  }

  /** Writes the archive in the format its file name says (.tar, .tar.gz, .tgz, .zip, ...). */
  public Path writeTo(Path file) throws IOException {
    String n = file.getFileName().toString();
    byte[] bytes = n.endsWith(".zip") ? zip() : compress(n, tar());
    Files.write(file, bytes);
    return file;
  }

  public byte[] tar() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Entry e : entries) {
        TarArchiveEntry te;
        if (e.symlinkTo() != null) {
          te = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK, true);
          te.setLinkName(e.symlinkTo());
        } else if (e.hardLinkTo() != null) {
          te = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_LINK, true);
          te.setLinkName(e.hardLinkTo());
        } else {
          // preserveAbsolutePath, so hostile names stay hostile.
          te = new TarArchiveEntry(e.name(), true);
        }
        byte[] content = e.content() == null ? new byte[0] : utf8(e.content());
        if (e.content() != null) {
          te.setSize(content.length);
        }
        te.setMode(
            (te.isDirectory() ? 040000 : te.isSymbolicLink() ? 0120000 : 0100000) | e.mode());
        tar.putArchiveEntry(te);
        if (e.content() != null) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  public byte[] zip() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      for (Entry e : entries) {
        ZipArchiveEntry ze = new ZipArchiveEntry(e.name());
        if (e.symlinkTo() != null) {
          ze.setUnixMode(UnixStat.LINK_FLAG | 0777);
        } else if (e.name().endsWith("/")) {
          ze.setUnixMode(UnixStat.DIR_FLAG | e.mode());
        } else {
          ze.setUnixMode(UnixStat.FILE_FLAG | e.mode());
        }
        zip.putArchiveEntry(ze);
        if (e.symlinkTo() != null) {
          zip.write(utf8(e.symlinkTo()));
        } else if (e.content() != null) {
          zip.write(utf8(e.content()));
        }
        zip.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  public static byte[] compress(String name, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = compressor(name, bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private static OutputStream compressor(String name, OutputStream raw) throws IOException {
    if (name.endsWith(".gz") || name.endsWith(".tgz")) {
      return new GzipCompressorOutputStream(raw);
    } else if (name.endsWith(".bz2")) {
      return new BZip2CompressorOutputStream(raw);
    } else if (name.endsWith(".xz") || name.endsWith(".txz")) {
      return new XZCompressorOutputStream(raw);
    }
    return raw;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
