package io.mezzo.agent.files;

/**
 * Why a sandbox file request cannot be served, with the HTTP status Mesos's {@code /files} answers
 * for it: 400 for a malformed request, 403 for a path that leaves its sandbox, 404 for a path that
 * is not in any sandbox or does not exist.
 */
public final class FileAccessException extends RuntimeException {
  private final int status;

  public FileAccessException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static FileAccessException badRequest(String message) {
    return new FileAccessException(400, message);
  }

  static FileAccessException forbidden(String message) {
    return new FileAccessException(403, message);
  }

  static FileAccessException notFound(String message) {
    return new FileAccessException(404, message);
  }
}
