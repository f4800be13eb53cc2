package io.mezzo.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The {@code Authorization} header value HTTP Basic sends for a principal and secret. */
public final class BasicAuth {
  private BasicAuth() {}

  public static String header(String principal, String secret) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((principal + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }
}
