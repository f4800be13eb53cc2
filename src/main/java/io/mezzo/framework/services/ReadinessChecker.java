package io.mezzo.framework.services;

import io.mezzo.api.v1.TaskId;
import io.mezzo.framework.services.app.AppDefinition;
import io.mezzo.framework.services.app.AppDefinition.ReadinessCheckDef;
import io.mezzo.framework.services.app.PathId;
import io.mezzo.framework.services.deploy.Deployment;
import io.mezzo.framework.services.deploy.InstanceChecks;
import io.mezzo.framework.services.instance.Instance;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Runs apps' readiness checks as Marathon does: only while a deployment starts, restarts or scales
 * the app, each RUNNING instance of its current configuration is probed every {@code
 * intervalSeconds} until one answer has a status of {@code httpStatusCodesForReady}; from then on
 * it stays ready and is no longer probed. Ready is stored on the instance (decide → persist →
 * announce through the {@link Converger}), so the planners see it and a new leader keeps it; a
 * failed or timed-out probe leaves it not ready. Owner thread only: probes complete elsewhere and
 * hop back through {@code owner}.
 *
 * <pre>
 *  RUNNING (ready null) ──probe: status in httpStatusCodesForReady──▶ ready (sticks, no more probes)
 *        ▲        │
 *        └────────┘ other status, no answer, timeout: probed again after intervalSeconds
 * </pre>
 */
final class ReadinessChecker {
  private static final Logger LOG = Logger.getLogger(ReadinessChecker.class);
  private final ServicesCore core;
  private final Converger converger;
  private final ReadinessProbe probe;
  private final Executor owner;
  private final Map<TaskId, Instant> nextProbeAt = new HashMap<>();
  private final Set<TaskId> inFlight = new HashSet<>();
  private final Map<TaskId, ReadinessResult> results = new LinkedHashMap<>();

  ReadinessChecker(ServicesCore core, Converger converger, ReadinessProbe probe, Executor owner) {
    this.core = core;
    this.converger = converger;
    this.probe = probe;
    this.owner = owner;
  }

  /** Probes every instance that is due; called on each tick. */
  void probeDue() {
    Instant now = core.now();
    Set<TaskId> wanted = new HashSet<>();
    for (AppDefinition app : deployingApps()) {
      ReadinessCheckDef check = app.readinessChecks().get(0);
      for (Instance i : core.state.record(app.id()).instances.values()) {
        if (!i.isRunning()
            || i.goal() != Instance.Goal.RUNNING
            || !InstanceChecks.isCurrent(i, app)) {
          continue;
        }
        wanted.add(i.taskId());
        if (Boolean.TRUE.equals(i.ready()) || inFlight.contains(i.taskId())) {
          continue;
        }
        Instant due = nextProbeAt.get(i.taskId());
        if (due == null || !now.isBefore(due)) {
          send(i, app, check, now);
        }
      }
    }
    // Marathon reports readiness only for instances of running deployments.
    nextProbeAt.keySet().retainAll(wanted);
    results.keySet().retainAll(wanted);
  }

  /** The current results, grouped by app. */
  Map<PathId, List<ReadinessResult>> results() {
    Map<PathId, List<ReadinessResult>> out = new LinkedHashMap<>();
    for (ReadinessResult r : results.values()) {
      out.computeIfAbsent(r.appId(), a -> new ArrayList<>()).add(r);
    }
    out.replaceAll((a, l) -> List.copyOf(l));
    return out;
  }

  /** Apps with readiness checks that a current step starts, restarts or scales. */
  private List<AppDefinition> deployingApps() {
    List<AppDefinition> out = new ArrayList<>();
    for (Deployment d : core.state.deployments.values()) {
      if (d.currentStep() < 1 || d.currentStep() > d.steps().size()) {
        continue;
      }
      for (Deployment.Action a : d.steps().get(d.currentStep() - 1).actions()) {
        if (a.action() == Deployment.ActionType.StopApplication) {
          continue;
        }
        core.state
            .root
            .app(a.app())
            .filter(app -> !app.readinessChecks().isEmpty())
            .filter(app -> !out.contains(app))
            .ifPresent(out::add);
      }
    }
    return out;
  }

  private void send(Instance i, AppDefinition app, ReadinessCheckDef check, Instant now) {
    nextProbeAt.put(i.taskId(), now.plusSeconds(check.intervalSeconds()));
    URI uri;
    try {
      uri = uri(i, app, check);
    } catch (IllegalArgumentException e) {
      record(i, check, ReadinessProbe.Result.failed(e.getMessage()), false);
      return;
    }
    inFlight.add(i.taskId());
    Duration timeout = Duration.ofSeconds(check.timeoutSeconds());
    probe
        .probe(uri, timeout)
        .whenComplete(
            (result, error) -> {
              ReadinessProbe.Result r =
                  error != null ? ReadinessProbe.Result.failed(String.valueOf(error)) : result;
              owner.execute(() -> completed(i.taskId(), check, uri, r));
            });
  }

  private void completed(TaskId taskId, ReadinessCheckDef check, URI uri, ReadinessProbe.Result r) {
    inFlight.remove(taskId);
    Instance known = core.state.instance(taskId).orElse(null);
    if (known == null || !known.isRunning() || Boolean.TRUE.equals(known.ready())) {
      return; // ended or already ready while the probe ran
    }
    boolean ready = r.answered() && check.httpStatusCodesForReady().contains(r.status());
    record(known, check, r, ready);
    if (!ready) {
      LOG.debugf(
          "instance %s not ready: %s answered %s",
          taskId.value(), uri, r.answered() ? r.status() : r.failure());
      return;
    }
    LOG.infof("instance %s is ready: %s answered %d", taskId.value(), uri, r.status());
    core.state.put(withReady(known));
    core.saveApp(known.appId());
    converger.converge();
  }

  private void record(Instance i, ReadinessCheckDef check, ReadinessProbe.Result r, boolean ok) {
    ReadinessResult.Response last =
        check.preserveLastResponse()
            ? new ReadinessResult.Response(r.status(), r.contentType(), r.body())
            : null;
    results.put(
        i.taskId(), new ReadinessResult(i.appId(), check.name(), i.taskId().value(), ok, last));
  }

  /** {@code http(s)://host:port/path}, the port being the instance's host port of portName. */
  static URI uri(Instance i, AppDefinition app, ReadinessCheckDef check) {
    List<String> names = new ArrayList<>();
    if (app.container() != null && !app.container().portMappings().isEmpty()) {
      app.container().portMappings().forEach(m -> names.add(m.name()));
    } else {
      app.portDefinitions().forEach(p -> names.add(p.name()));
    }
    int index = names.indexOf(check.portName());
    if (index < 0 || index >= i.ports().size()) {
      throw new IllegalArgumentException(
          "no host port named " + check.portName() + " on instance " + i.taskId().value());
    }
    String path = check.path() == null ? "/" : check.path();
    String scheme = "HTTPS".equalsIgnoreCase(check.protocol()) ? "https" : "http";
    return URI.create(
        scheme
            + "://"
            + i.host()
            + ":"
            + i.ports().get(index)
            + (path.startsWith("/") ? path : "/" + path));
  }

  private static Instance withReady(Instance i) {
    return new Instance(
        i.taskId(),
        i.appId(),
        i.appVersion(),
        i.agentId(),
        i.host(),
        i.ports(),
        i.stagedAt(),
        i.startedAt(),
        i.state(),
        i.healthy(),
        Boolean.TRUE,
        i.message(),
        i.goal(),
        i.unreachableSince());
  }
}
