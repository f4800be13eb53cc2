package io.mezzo.api.wire;

/**
 * The two encodings of Mesos's v1 messages: Mesos's JSON mapping (MESOS-API.md §2.5) and the
 * protobuf binary form. Streams frame either with RecordIO.
 */
public enum WireFormat {
  JSON("application/json"),
  PROTOBUF("application/x-protobuf");

  private final String mediaType;

  WireFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The media type Mesos names this format by, in Content-Type and Accept. */
  public String mediaType() {
    return mediaType;
  }

  /** The format of a bare media type (lower case, no parameters), or null if it is neither. */
  public static WireFormat ofMediaType(String mediaType) {
    for (WireFormat f : values()) {
      if (f.mediaType.equals(mediaType)) {
        return f;
      }
    }
    return null;
  }
}
