package io.mezzo.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * Connection-level limits Mezzo adds to Quarkus's own {@code quarkus.http.limits.*} ({@code
 * mezzo.http.*}). The header size, request line length, body size and total connections are
 * Quarkus's keys, set in {@code application.properties}; these are the ones Quarkus lacks.
 */
@ConfigMapping(prefix = "mezzo.http")
public interface HttpLimitSettings {
  /**
   * How long a connection may take to deliver a complete request head: from when it opens, and on a
   * kept-alive connection from the first byte of the next request. The connection is closed when it
   * passes. Never applies while a request is in progress (a response stream, an upload). Must be
   * positive. Default 10 s.
   */
  @WithDefault("10S")
  Duration headerTimeout();

  /**
   * The most header fields a request may carry; more is answered 431. The total size of the head is
   * bounded by {@code quarkus.http.limits.max-header-size}. Must be at least 1. Default 100.
   */
  @WithDefault("100")
  int maxHeaderCount();

  /**
   * The most connections one client address may hold open at once; one more is answered 429 (plain
   * HTTP) or closed (TLS) as soon as it is accepted. Quarkus's {@code
   * quarkus.http.limits.max-connections} caps all addresses together. At least 1. Default: no cap.
   */
  OptionalInt maxConnectionsPerAddress();
}
