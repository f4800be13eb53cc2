package io.mezzo.bootstrap;

import io.mezzo.config.SecuritySettings;
import io.mezzo.security.Authentication;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Credentials;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.LocalAuthorizer;
import io.mezzo.security.limits.RateLimits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Builds this node's {@link Authentication} from {@code mezzo.security.*}: reads the credentials
 * file and the agent credential, and makes the node's own random secret. A file that cannot be read
 * or parsed, or a switch that is on with nobody to authenticate, is a {@link StartupRefusal} naming
 * the key, the file and the line or entry: the bean is built while Quarkus sets up its routes (the
 * HTTP gate needs it), so a misconfigured node stops before it serves a request.
 */
@ApplicationScoped
public class SecurityWiring {
  private static final Logger LOG = Logger.getLogger(SecurityWiring.class);
  private static final String CREDENTIALS = "mezzo.security.credentials";
  private static final String AGENT_CREDENTIAL = "mezzo.security.agent-credential";
  private static final String ACLS = "mezzo.security.acls";
  private static final String RATE_LIMITS = "mezzo.security.rate-limits";

  @Produces
  @Singleton
  Authentication authentication(
      SecuritySettings settings,
      @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> keyLocation,
      @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key) {
    AuthenticationFlags flags =
        new AuthenticationFlags(
            settings.authenticateFrameworks(),
            settings.authenticateAgents(),
            settings.authenticateHttpReadonly(),
            settings.authenticateHttpReadwrite(),
            settings.authenticateMetrics());
    Credentials credentials =
        settings
            .credentials()
            .map(file -> parse(CREDENTIALS, file, text -> Credentials.parse(file, text)))
            .orElse(Credentials.none());
    Optional<Credentials.Pair> client =
        settings
            .agentCredential()
            .map(
                file -> parse(AGENT_CREDENTIAL, file, text -> Credentials.parseSingle(file, text)));
    Authentication authentication;
    try {
      boolean tokens = keyLocation.filter(k -> !k.isBlank()).or(() -> key).isPresent();
      authentication = new Authentication(flags, credentials, nodeSecret(), client, tokens);
    } catch (IllegalArgumentException e) {
      throw new StartupRefusal(e.getMessage());
    }
    if (flags.anyRequired() || flags.metrics()) {
      LOG.infof(
          "HTTP authentication on (%s%s) for %d principal(s)%s",
          flags.describeOn(),
          flags.metrics()
              ? (flags.anyRequired() ? ", " : "") + "mezzo.security.authenticate-metrics"
              : "",
          credentials.size(),
          authentication.tokens() ? " and bearer tokens" : "");
    }
    return authentication;
  }

  /**
   * The node's authorizer: the local one over {@code mezzo.security.acls}, or permissive when the
   * key is absent. ACLs that do not parse stop the node, naming the key and the entry.
   */
  @Produces
  @Singleton
  Authorizer authorizer(SecuritySettings settings) {
    Optional<Acls> parsed = inlineOrFile(ACLS, settings.acls(), Acls::parse);
    if (parsed.isEmpty()) {
      return Authorizer.permissive();
    }
    LOG.infof("local authorizer on: ACLs from %s", describe(ACLS, settings.acls().get()));
    return new LocalAuthorizer(parsed.get());
  }

  /**
   * The scheduler API's per-principal rates from {@code mezzo.security.rate-limits}, or none
   * (nobody throttled) when the key is absent. Rates that do not parse stop the node, naming the
   * key and the field.
   */
  @Produces
  @Singleton
  RateLimits rateLimits(SecuritySettings settings) {
    Optional<RateLimits> parsed =
        inlineOrFile(RATE_LIMITS, settings.rateLimits(), RateLimits::parse);
    if (parsed.isEmpty()) {
      return RateLimits.none();
    }
    LOG.infof(
        "scheduler API rate limits on: %d principal(s) listed, from %s",
        parsed.get().limits().size(), describe(RATE_LIMITS, settings.rateLimits().get()));
    return parsed.get();
  }

  /**
   * A JSON setting given inline (starting with '{') or as a file path ({@code file://} optional);
   * empty when unset or blank. The parser gets the source (key or file) to name in its errors.
   */
  private static <T> Optional<T> inlineOrFile(
      String key, Optional<String> setting, BiFunction<String, String, T> parser) {
    Optional<String> value = setting.map(String::strip).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String text = value.get();
    if (text.startsWith("{")) {
      try {
        return Optional.of(parser.apply(key, text));
      } catch (IllegalArgumentException e) {
        throw new StartupRefusal(e.getMessage());
      }
    }
    String file = text.startsWith("file://") ? text.substring("file://".length()) : text;
    return Optional.of(parse(key, file, content -> parser.apply(file, content)));
  }

  private static String describe(String key, String value) {
    return value.strip().startsWith("{") ? key : value.strip();
  }

  private static <T> T parse(
      String key, String file, java.util.function.Function<String, T> parser) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw StartupRefusal.of(key, file, "no such file");
    } catch (AccessDeniedException e) {
      throw StartupRefusal.of(key, file, "this user may not read the file");
    } catch (IOException | RuntimeException e) {
      throw StartupRefusal.of(
          key,
          file,
          "cannot read the file (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    }
    try {
      return parser.apply(text);
    } catch (IllegalArgumentException e) {
      throw StartupRefusal.of(key, file, e.getMessage());
    }
  }

  /** 32 random bytes: guessing it is as hard as guessing a 256-bit key. */
  private static String nodeSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
