package io.mezzo.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ExecutorTokensTest {
  private static final byte[] KEY = filled(7);
  private final ExecutorTokens tokens = new ExecutorTokens(KEY);

  @Test
  void aMintedTokenVerifiesToItsClaims() {
    String token = tokens.mint("fw-1", "exec-1", "c-1");

    assertThat(token.split("\\.")).hasSize(3);
    assertThat(tokens.verify(token)).isEqualTo(new ExecutorTokens.Claims("fw-1", "exec-1", "c-1"));
  }

  @Test
  void theClaimsAreMesossNamesInAJwtPayload() {
    String payload = tokens.mint("fw-1", "exec-1", "c-1").split("\\.")[1];
    String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);

    assertThat(json).contains("\"fid\":\"fw-1\"", "\"eid\":\"exec-1\"", "\"cid\":\"c-1\"");
  }

  @Test
  void theRightTokenForTheCallsIdsIsAllowed() {
    String token = tokens.mint("fw-1", "exec-1", "c-1");

    ExecutorTokens.Check check = tokens.check("Bearer " + token, "fw-1", "exec-1");

    assertThat(check.allowed()).isTrue();
    assertThat(check.status()).isEqualTo(200);
  }

  @Test
  void noTokenIsUnauthenticated() {
    ExecutorTokens.Check check = tokens.check(null, "fw-1", "exec-1");

    assertThat(check.status()).isEqualTo(401);
    assertThat(check.reason()).contains("MESOS_EXECUTOR_AUTHENTICATION_TOKEN");
  }

  @Test
  void basicCredentialsAreNotAnExecutorToken() {
    assertThat(tokens.check("Basic b3BzOnMzY3JldA==", "fw-1", "exec-1").status()).isEqualTo(401);
  }

  @Test
  void aTokenSignedByAnotherAgentIsUnauthenticated() {
    String foreign = new ExecutorTokens(filled(8)).mint("fw-1", "exec-1", "c-1");

    ExecutorTokens.Check check = tokens.check("Bearer " + foreign, "fw-1", "exec-1");

    assertThat(check.status()).isEqualTo(401);
    assertThat(check.reason()).contains("signature is not this agent's");
  }

  @Test
  void aTamperedPayloadIsUnauthenticated() {
    String[] parts = tokens.mint("fw-1", "exec-1", "c-1").split("\\.");
    String forged =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                "{\"fid\":\"fw-1\",\"eid\":\"exec-2\",\"cid\":\"c-1\"}"
                    .getBytes(StandardCharsets.UTF_8));

    ExecutorTokens.Check check =
        tokens.check("Bearer " + parts[0] + "." + forged + "." + parts[2], "fw-1", "exec-2");

    assertThat(check.status()).isEqualTo(401);
  }

  @Test
  void anotherExecutorsTokenIsForbiddenNamingBoth() {
    String token = tokens.mint("fw-1", "exec-1", "c-1");

    ExecutorTokens.Check check = tokens.check("Bearer " + token, "fw-1", "exec-2");

    assertThat(check.status()).isEqualTo(403);
    assertThat(check.reason()).contains("'exec-1'", "'exec-2'");
    assertThat(tokens.check("Bearer " + token, "fw-2", "exec-1").status()).isEqualTo(403);
    assertThat(tokens.check("Bearer " + token, null, null).status()).isEqualTo(403);
  }

  @Test
  void garbageIsUnauthenticatedNotACrash() {
    for (String junk : new String[] {"", "a.b", "a.b.c", "...", "x.y.!!!"}) {
      assertThat(tokens.check("Bearer " + junk, "fw-1", "exec-1").status())
          .as("'%s'", junk)
          .isEqualTo(401);
    }
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new ExecutorTokens(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 32 bytes");
  }

  private static byte[] filled(int b) {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) b);
    return key;
  }
}
