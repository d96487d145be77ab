package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.common.base.Throwables;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node given its own certificate and key but no CA still speaks TLS as a client: it checks
 * servers against the JDK's default trust store and never falls back to plaintext, so its token
 * cannot leak to a plaintext listener.
 */
class TlsClientTest {
  private static final String TOKEN = "s3cret";

  @TempDir static Path dir;

  @BeforeAll
  static void selfSignedCertificate() throws Exception {
    boolean haveOpenssl;
    try {
      haveOpenssl = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (java.io.IOException e) {
      haveOpenssl = false;
    }
    assumeTrue(haveOpenssl, "openssl is needed to make test certificates");
    // An EC key is quick to make; openssl 3 writes it as PKCS#8, which is what Netty reads.
    Process p =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                "node.key",
                "-out",
                "node.pem",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  /**
   * Certificate and key, a token, and no CA: the configuration that used to fall back to plaintext.
   */
  private static GrpcSecurity certificateWithoutCa() {
    return new GrpcSecurity(
        Optional.of(TOKEN),
        Optional.of(dir.resolve("node.pem")),
        Optional.of(dir.resolve("node.key")),
        Optional.empty());
  }

  /**
   * Serves TLS with the self-signed certificate, checks the token, asks for no client certificate.
   */
  private static GrpcSecurity tlsServer() {
    return certificateWithoutCa();
  }

  @Test
  void clientWithCertificateButNoCaDoesNotTalkToPlaintextServer() throws Exception {
    try (RecordingServer plaintext = new RecordingServer(GrpcSecurity.none())) {
      assertThatThrownBy(
              () -> RecordingServer.call(certificateWithoutCa(), "127.0.0.1:" + plaintext.port()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      // The TLS handshake failed before any request, so the token never crossed the wire.
      assertThat(plaintext.authorizations()).isEmpty();
    }
  }

  @Test
  void clientWithCertificateButNoCaVerifiesServerAgainstDefaultTrustStore() throws Exception {
    try (RecordingServer tls = new RecordingServer(tlsServer())) {
      // A self-signed certificate is in no default trust store: the handshake itself must refuse
      // it,
      // which shows the client attempted TLS (a plaintext client fails without any handshake).
      assertThatThrownBy(
              () -> RecordingServer.call(certificateWithoutCa(), "localhost:" + tls.port()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e ->
                  assertThat(Throwables.getCausalChain(e))
                      .hasAtLeastOneElementOfType(SSLHandshakeException.class));
      assertThat(tls.authorizations()).isEmpty();
    }
  }

  @Test
  void clientWithCertificateButNoCaTrustsWhatTheDefaultTrustStoreTrusts() throws Exception {
    Path store = dir.resolve("default-trust.p12");
    writeTrustStore(store, dir.resolve("node.pem"));
    // The JDK's default trust store is chosen by these properties and re-read when they change;
    // they are restored so no other test sees this store.
    Map<String, String> trustStore =
        Map.of(
            "javax.net.ssl.trustStore",
            store.toString(),
            "javax.net.ssl.trustStorePassword",
            "changeit",
            "javax.net.ssl.trustStoreType",
            "PKCS12");
    Map<String, Optional<String>> saved = new HashMap<>();
    trustStore.forEach((k, v) -> saved.put(k, Optional.ofNullable(System.setProperty(k, v))));
    try (RecordingServer tls = new RecordingServer(tlsServer())) {
      assertThatThrownBy(
              () -> RecordingServer.call(certificateWithoutCa(), "localhost:" + tls.port()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      assertThat(tls.authorizations()).isEqualTo(List.of(Optional.of("Bearer " + TOKEN)));
    } finally {
      saved.forEach(
          (k, v) ->
              v.ifPresentOrElse(old -> System.setProperty(k, old), () -> System.clearProperty(k)));
    }
  }

  private static void writeTrustStore(Path store, Path certificate) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      ks.setCertificateEntry(
          "node", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "changeit".toCharArray());
    }
  }

  @Test
  void clientWithCaAndCertificateStillReachesTlsServer() throws Exception {
    // A self-signed certificate is its own CA.
    GrpcSecurity client =
        new GrpcSecurity(
            Optional.of(TOKEN),
            Optional.of(dir.resolve("node.pem")),
            Optional.of(dir.resolve("node.key")),
            Optional.of(dir.resolve("node.pem")));
    try (RecordingServer tls = new RecordingServer(tlsServer())) {
      assertThatThrownBy(() -> RecordingServer.call(client, "localhost:" + tls.port()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
      assertThat(tls.authorizations()).isEqualTo(List.of(Optional.of("Bearer " + TOKEN)));
    }
  }
}
