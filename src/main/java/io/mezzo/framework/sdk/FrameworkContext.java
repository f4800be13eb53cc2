package io.mezzo.framework.sdk;

import io.mezzo.core.time.Timers;
import java.net.URI;

/**
 * What a built-in framework is given by the node it runs on.
 *
 * @param masterUrl the local master's HTTP base (e.g. {@code http://127.0.0.1:5050}); the SDK
 *     follows redirects to the leader from there
 * @param store durable documents of this framework
 * @param timers time and scheduling, injected so tests can drive them
 * @param connections opens subscriptions and sends calls (HTTP in the product; an in-process one in
 *     cluster tests)
 */
public record FrameworkContext(
    URI masterUrl, FrameworkStore store, Timers timers, SchedulerConnections connections) {}
