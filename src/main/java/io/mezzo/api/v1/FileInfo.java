package io.mezzo.api.v1;

/**
 * One entry of a sandbox listing ({@code mesos.v1.FileInfo}).
 *
 * @param path the entry's path in the namespace the listing was asked in
 * @param mode the POSIX {@code st_mode}: file type bits and permissions
 * @param uid the owner's user name (Mesos sends names, not numbers)
 * @param gid the owner's group name
 */
public record FileInfo(
    String path, Integer nlink, Long size, TimeInfo mtime, Integer mode, String uid, String gid) {}
