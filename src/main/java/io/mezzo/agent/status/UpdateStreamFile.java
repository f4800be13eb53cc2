package io.mezzo.agent.status;

import io.mezzo.agent.state.Checkpoints;
import io.mezzo.api.v1.MalformedMessageException;
import io.mezzo.api.v1.MesosJson;
import io.mezzo.api.v1.RecordIo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The on-disk form of one task's update stream: an append-only file of RecordIO-framed {@link
 * StreamRecord}s, each fsynced before the update it holds is sent.
 */
final class UpdateStreamFile {
  private static final Logger LOG = Logger.getLogger(UpdateStreamFile.class);

  private UpdateStreamFile() {}

  static void append(Path file, StreamRecord record) {
    Checkpoints.append(file, RecordIo.frame(MesosJson.write(record)));
  }

  /**
   * Reads every complete record. A torn or corrupt tail (the agent died mid-append) is cut off the
   * file, as Mesos does, so later appends stay readable.
   */
  static List<StreamRecord> read(Path file) {
    byte[] bytes = Checkpoints.read(file).orElse(null);
    if (bytes == null) {
      return List.of();
    }
    List<StreamRecord> records = new ArrayList<>();
    ByteArrayInputStream in = new ByteArrayInputStream(bytes);
    RecordIo.Reader reader = new RecordIo.Reader(in);
    long good = 0;
    try {
      byte[] payload;
      while ((payload = reader.next()) != null) {
        records.add(MesosJson.read(payload, StreamRecord.class));
        good = bytes.length - in.available();
      }
      return records;
    } catch (IOException | MalformedMessageException e) {
      LOG.warnf(
          "Truncating %s at byte %d of %d after a torn record: %s",
          file, good, bytes.length, e.getMessage());
      truncate(file, good);
      return records;
    }
  }

  private static void truncate(Path file, long size) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(size);
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + file, e);
    }
  }
}
