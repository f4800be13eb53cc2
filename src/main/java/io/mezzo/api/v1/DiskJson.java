package io.mezzo.api.v1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mezzo.core.resources.PersistentVolume;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads and writes {@code mesos.v1.Resource.DiskInfo}: Mezzo honours the persistent volume ({@code
 * persistence} with {@code volume}) and refuses, by name, what it does not (a disk {@code source},
 * a volume with a host path, image or source). The JSON is strict: a field DiskInfo does not have
 * is an error, not ignored.
 */
public final class DiskJson {
  private static final Set<String> DISK_FIELDS = Set.of("persistence", "volume", "source");
  private static final Set<String> PERSISTENCE_FIELDS = Set.of("id", "principal");
  private static final Set<String> VOLUME_FIELDS =
      Set.of("mode", "container_path", "host_path", "image", "source");

  private DiskJson() {}

  /**
   * The persistent volume {@code disk} describes, or null for plain disk (no {@code disk}, or one
   * with neither persistence nor volume).
   *
   * @throws IllegalArgumentException naming what is wrong or not supported
   */
  public static PersistentVolume volumeOf(String name, JsonNode disk) {
    if (disk == null || disk.isNull()) {
      return null;
    }
    if (!disk.isObject()) {
      throw new IllegalArgumentException("'disk' must be an object (Resource.DiskInfo)");
    }
    onlyFields(disk, DISK_FIELDS, "disk");
    if (present(disk, "source")) {
      throw new IllegalArgumentException(
          "sets 'disk.source' (PATH/MOUNT/BLOCK disk sources), which Mezzo does not support");
    }
    JsonNode persistence = disk.get("persistence");
    JsonNode volume = disk.get("volume");
    if (!present(disk, "persistence") && !present(disk, "volume")) {
      return null;
    }
    if (!present(disk, "persistence")) {
      throw new IllegalArgumentException(
          "sets 'disk.volume' without 'disk.persistence': only persistent volumes are supported");
    }
    if (!present(disk, "volume")) {
      throw new IllegalArgumentException(
          "sets 'disk.persistence' without 'disk.volume': a persistent volume needs a volume with"
              + " its container_path and mode");
    }
    onlyFields(persistence, PERSISTENCE_FIELDS, "disk.persistence");
    onlyFields(volume, VOLUME_FIELDS, "disk.volume");
    for (String unsupported : new String[] {"host_path", "image", "source"}) {
      if (present(volume, unsupported)) {
        throw new IllegalArgumentException(
            "sets 'disk.volume."
                + unsupported
                + "': a persistent volume lives in the agent's work directory");
      }
    }
    String mode = text(volume, "mode");
    if (mode == null) {
      throw new IllegalArgumentException("has no 'disk.volume.mode' (RW or RO)");
    }
    if (!mode.equals("RW") && !mode.equals("RO")) {
      throw new IllegalArgumentException(
          "has 'disk.volume.mode' " + mode + "; the modes are RW and RO");
    }
    return new PersistentVolume(
        text(persistence, "id"),
        text(persistence, "principal"),
        text(volume, "container_path"),
        mode.equals("RO"));
  }

  /** The DiskInfo JSON of {@code v}. */
  public static JsonNode of(PersistentVolume v) {
    ObjectNode disk = JsonNodeFactory.instance.objectNode();
    ObjectNode persistence = disk.putObject("persistence");
    persistence.put("id", v.id());
    if (v.principal() != null) {
      persistence.put("principal", v.principal());
    }
    ObjectNode volume = disk.putObject("volume");
    volume.put("mode", v.readOnly() ? "RO" : "RW");
    volume.put("container_path", v.containerPath());
    return disk;
  }

  private static boolean present(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' in 'disk' must be a string");
    }
    return v.asText();
  }

  private static void onlyFields(JsonNode node, Set<String> allowed, String where) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + where + "' must be an object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new IllegalArgumentException("'" + where + "' has no field '" + f + "'");
      }
    }
  }
}
