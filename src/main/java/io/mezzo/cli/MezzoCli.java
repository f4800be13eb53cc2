package io.mezzo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mezzo.api.v1.VersionInfo;
import io.mezzo.core.net.detect.ZkUrl;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code mezzo} command: apps through Marathon's {@code /v2} API, tasks, logs and agents
 * through the Mesos endpoints of the master, over HTTP only, so it works against any Mezzo (or, for
 * most commands, Mesos + Marathon) from any machine. It runs from the same jar as the server
 * ({@code io.mezzo.bootstrap.MezzoMain} hands {@code cli …} to {@link #main} before Quarkus
 * starts), so it starts in well under a second and prints nothing of Quarkus.
 */
@Command(
    name = "mezzo",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT, // --help (and --version) on every subcommand too
    versionProvider = MezzoCli.Version.class,
    description = "Deploy and operate apps, jobs, tasks and agents of a Mezzo cluster.",
    subcommands = {AppCommand.class, TaskCommand.class, AgentCommand.class, JobCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done",
      "1:the master refused (its message and details are printed on stderr)",
      "2:bad command line or input file",
      "3:cannot reach the master",
      "4:--wait ran out of time (the deployment goes on)"
    })
public final class MezzoCli implements Runnable {
  static final String DEFAULT_MASTER = "http://localhost:5050";

  @Option(
      names = "--master",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      description =
          "The master (any one: a standby redirects to the leader), or zk://HOST:2181,…/PATH to"
              + " ask ZooKeeper which master leads. Default: $MEZZO_MASTER, else "
              + DEFAULT_MASTER
              + ".")
  String master;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print the server's JSON instead of a table.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      scope = ScopeType.INHERIT,
      defaultValue = "10s",
      converter = Durations.Converter.class,
      description = "How long each request may take (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--principal",
      paramLabel = "NAME",
      scope = ScopeType.INHERIT,
      description =
          "Authenticate as this principal (HTTP Basic, a principal of the master's credentials"
              + " file). Default: $MEZZO_PRINCIPAL.")
  String principal;

  @Option(
      names = "--secret",
      paramLabel = "SECRET",
      scope = ScopeType.INHERIT,
      description =
          "The principal's secret (visible to other users in the process list: prefer"
              + " --secret-file or $MEZZO_SECRET).")
  String secret;

  @Option(
      names = "--secret-file",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = "Read the principal's secret from FILE (a trailing line break is dropped).")
  Path secretFile;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      scope = ScopeType.INHERIT,
      description = "Authenticate with this bearer token instead. Default: $MEZZO_TOKEN.")
  String token;

  @Option(
      names = "--ca-cert",
      paramLabel = "PEM",
      scope = ScopeType.INHERIT,
      description =
          "Trust the CA certificate(s) in this PEM file for an https:// master (default: the"
              + " JDK's trust store).")
  Path caCert;

  @Option(
      names = "--client-cert",
      paramLabel = "PEM",
      scope = ScopeType.INHERIT,
      description = "Present this certificate (chain) to a master that requires mutual TLS.")
  Path clientCert;

  @Option(
      names = "--client-key",
      paramLabel = "PEM",
      scope = ScopeType.INHERIT,
      description = "The PKCS#8 private key (BEGIN PRIVATE KEY) of --client-cert.")
  Path clientKey;

  @Spec CommandSpec spec;

  private final CliEnvironment env;

  MezzoCli(CliEnvironment env) {
    this.env = env;
  }

  /** Runs a command line and exits with its status. */
  public static void main(String... args) {
    System.exit(run(CliEnvironment.system(), args));
  }

  /** Runs a command line in {@code env} and returns its exit status. */
  public static int run(CliEnvironment env, String... args) {
    CommandLine cl = new CommandLine(new MezzoCli(env));
    cl.setOut(env.out());
    cl.setErr(env.err());
    cl.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof CliFailure f) {
            for (String line : f.lines()) {
              env.err().println(line.startsWith(" ") ? line : "mezzo: " + line);
            }
            env.err().flush();
            return f.exitCode();
          }
          throw e; // a bug: picocli prints it with its stack trace
        });
    int code = cl.execute(args);
    env.out().flush();
    env.err().flush();
    return code;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing a command: app, task, agent or job");
  }

  CliEnvironment env() {
    return env;
  }

  /**
   * The master to talk to, from --master, else MEZZO_MASTER, else the local default, with the
   * credential and TLS files given.
   */
  MasterHttp http() {
    String url = master != null ? master : env.env().getOrDefault("MEZZO_MASTER", DEFAULT_MASTER);
    URI uri =
        ZkUrl.looksLike(url)
            ? LeaderLookup.leader(url, caCert != null || clientCert != null, timeout)
            : masterUri(url);
    CliCredentials credentials =
        CliCredentials.resolve(principal, secret, secretFile, token, env.env());
    return new MasterHttp(
        uri, timeout, credentials, CliTls.resolve(uri, caCert, clientCert, clientKey));
  }

  static URI masterUri(String text) {
    String t = text.trim();
    while (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    if (!t.contains("://")) {
      t = "http://" + t; // "host:5050" is what people type
    }
    URI uri;
    try {
      uri = URI.create(t);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("master URL '" + text + "' is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw CliFailure.usage(
          "master URL '" + text + "' must be http://HOST[:PORT] or https://HOST[:PORT]");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw CliFailure.usage("master URL '" + text + "' must not have a query or fragment");
    }
    return uri;
  }

  boolean json() {
    return json;
  }

  void printJson(JsonNode node) {
    try {
      env.out().println(MasterHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
    env.out().flush();
  }

  /** The version line: Mezzo's own and the Mesos API it speaks. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {
        "mezzo " + VersionInfo.MEZZO_VERSION + " (Mesos API " + VersionInfo.MESOS_VERSION + ")"
      };
    }
  }
}
