package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * TLS settings that cannot be honoured are refused up front rather than quietly served as
 * plaintext. The files named here are never read: the checks come first.
 */
class TlsConfigTest {
  private static final Optional<Path> PEM = Optional.of(Path.of("does-not-exist.pem"));

  @Test
  void certificateWithoutKeyIsRefused() {
    assertThatThrownBy(
            () -> new GrpcSecurity(Optional.empty(), PEM, Optional.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--tls-cert and --tls-key");
  }

  @Test
  void caAloneCannotServe() {
    GrpcSecurity caOnly =
        new GrpcSecurity(Optional.empty(), Optional.empty(), Optional.empty(), PEM);
    assertThatThrownBy(() -> caOnly.startServer("127.0.0.1", 0, List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("--tls-cert/--tls-key");
  }
}
