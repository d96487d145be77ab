package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Without TLS the token travels in clear, which is acceptable only where it cannot leave the
 * machine. The non-loopback cases only build channels and never connect: building must fail before
 * anything is sent, and the addresses are from documentation ranges anyway.
 */
class PlaintextTokenTest {
  private static final String TOKEN = "s3cret";
  private static final GrpcSecurity TOKEN_ONLY =
      new GrpcSecurity(Optional.of(TOKEN), Optional.empty(), Optional.empty(), Optional.empty());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "192.0.2.10:50051",
        "[2001:db8::10]:50051",
        "dns:///192.0.2.10:50051",
        "coordinator:50051",
        "dns:///coordinator:50051",
        "dns://127.0.0.1/coordinator:50051",
        "127.0.0.1.example.com:50051",
        "localhost.example.com:50051",
        "0.0.0.0:50051",
        "coordinator",
        // gRPC reads "a@b" as user info a and host b: a loopback-looking prefix must not hide b.
        "localhost:1234@192.0.2.10",
        "127.0.0.1@192.0.2.10:50051",
        "dns:///localhost:1@192.0.2.10:50051",
        "localhost/../192.0.2.10:50051",
        "localhost%2f@192.0.2.10"
      })
  void tokenIsNotSentInClearToNonLoopbackTarget(String target) {
    assertThatThrownBy(() -> TOKEN_ONLY.channel(target).shutdownNow())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(target)
        .hasMessageContaining("--tls-ca")
        .hasMessageContaining("--tls-cert")
        .hasMessageContaining("--allow-plaintext-token");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "localhost:50051",
        "LocalHost:50051",
        "127.0.0.1:50051",
        "127.8.9.10:50051",
        "[::1]:50051",
        "dns:///localhost:50051",
        "dns:///127.0.0.1:50051",
        "localhost"
      })
  void tokenMayBeSentInClearToLoopbackTarget(String target) {
    // Only builds the channel: nothing listens on these ports.
    TOKEN_ONLY.channel(target).shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1:%d", "localhost:%d", "dns:///127.0.0.1:%d"})
  void tokenReachesLoopbackPlaintextServer(String target) throws Exception {
    try (RecordingServer plaintext = new RecordingServer(TOKEN_ONLY)) {
      assertThatThrownBy(() -> RecordingServer.call(TOKEN_ONLY, target.formatted(plaintext.port())))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      assertThat(plaintext.authorizations()).isEqualTo(List.of(Optional.of("Bearer " + TOKEN)));
    }
  }

  @Test
  void withoutTokenPlaintextToAnyHostIsUnchanged() {
    GrpcSecurity.none().channel("192.0.2.10:50051").shutdownNow();
  }

  @Test
  void optInAllowsTokenInClearToNonLoopbackTarget() {
    GrpcSecurity trustedNetwork =
        new GrpcSecurity(
            Optional.of(TOKEN), Optional.empty(), Optional.empty(), Optional.empty(), true);
    trustedNetwork.channel("192.0.2.10:50051").shutdownNow();
  }

  @ParameterizedTest
  @CsvSource({
    "localhost:50051, localhost",
    "localhost, localhost",
    "10.0.0.1:50051, 10.0.0.1",
    "[::1]:50051, ::1",
    "[::1], ::1",
    "::1, ::1",
    "dns:///h:50051, h",
    "DNS:///h:50051, h",
    "dns:/h:50051, h",
    "dns://8.8.8.8/h:50051, h",
    "dns://8.8.8.8:53/[::1]:50051, ::1",
    "dns:h:50051, ''",
    "[::1, ''",
    "unix:///tmp/socket, ''",
    "localhost:1234@192.0.2.10, ''",
    "localhost?x, ''"
  })
  void hostOfReadsTargetsAsGrpcDoes(String target, String host) {
    assertThat(GrpcSecurity.hostOf(target)).isEqualTo(host);
  }

  @ParameterizedTest
  @CsvSource({
    "localhost, true", "LOCALHOST, true", "127.0.0.1, true", "127.255.0.1, true", "::1, true",
    "::ffff:127.0.0.1, true", "0:0:0:0:0:0:0:1, true", "'', false", "0.0.0.0, false",
        "10.0.0.1, false",
    "::, false", "2001:db8::1, false", "localhost.example.com, false", "127.0.0.1.nip.io, false"
  })
  void onlyLoopbackLiteralsAndLocalhostCountAsLoopback(String host, boolean loopback) {
    assertThat(GrpcSecurity.isLoopback(host)).isEqualTo(loopback);
  }
}
