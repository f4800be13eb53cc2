package io.mezzo.bootstrap;

import io.mezzo.config.SecuritySettings;
import io.mezzo.security.Authentication;
import io.mezzo.security.AuthenticationFlags;
import io.mezzo.security.Credentials;
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

  private static <T> T parse(
      String key, String file, java.util.function.Function<String, T> parser) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw StartupRefusal.of(key, file, "no such file; expected a Mesos credentials file");
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
