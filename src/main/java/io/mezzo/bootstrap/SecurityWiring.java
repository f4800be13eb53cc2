package io.mezzo.bootstrap;

import io.mezzo.config.SecuritySettings;
import io.mezzo.security.Authentication;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Credentials;
import io.mezzo.security.acl.Acls;
import io.mezzo.security.acl.Authorizer;
import io.mezzo.security.acl.LocalAuthorizer;
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
    Optional<String> value = settings.acls().map(String::strip).filter(v -> !v.isEmpty());
    if (value.isEmpty()) {
      return Authorizer.permissive();
    }
    String acls = value.get();
    Acls parsed;
    if (acls.startsWith("{")) {
      try {
        parsed = Acls.parse(ACLS, acls);
      } catch (IllegalArgumentException e) {
        throw new StartupRefusal(e.getMessage());
      }
    } else {
      String file = acls.startsWith("file://") ? acls.substring("file://".length()) : acls;
      parsed = parse(ACLS, file, text -> Acls.parse(file, text));
    }
    LOG.infof("local authorizer on: ACLs from %s", acls.startsWith("{") ? ACLS : acls);
    return new LocalAuthorizer(parsed);
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
