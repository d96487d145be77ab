package dev.mapreduce.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with client certificates, over real sockets, with certificates made by openssl. */
class TlsTest {
  @TempDir static Path dir;

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @BeforeAll
  static void certificates() throws Exception {
    boolean haveOpenssl;
    try {
      haveOpenssl = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
    } catch (java.io.IOException e) {
      haveOpenssl = false;
    }
    assumeTrue(haveOpenssl, "openssl is needed to make test certificates");
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=test-ca");
    for (String name : new String[] {"node", "other"}) {
      openssl(
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-keyout",
          name + ".rsa",
          "-out",
          name + ".csr",
          "-subj",
          "/CN=localhost");
      Files.writeString(dir.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
      openssl(
          "x509",
          "-req",
          "-in",
          name + ".csr",
          "-CA",
          "ca.pem",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-out",
          name + ".pem",
          "-days",
          "2",
          "-extfile",
          "san.ext");
      openssl("pkcs8", "-topk8", "-nocrypt", "-in", name + ".rsa", "-out", name + ".key");
    }
    // A second CA, whose certificates the cluster must not trust.
    openssl(
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "rogue.key",
        "-out",
        "rogue.pem",
        "-days",
        "2",
        "-subj",
        "/CN=rogue",
        "-addext",
        "subjectAltName=IP:127.0.0.1");
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "rogue.key", "-out", "rogue.pk8");
  }

  private static GrpcSecurity tls(String name, String ca) {
    return new GrpcSecurity(
        Optional.empty(),
        Optional.of(dir.resolve(name + ".pem")),
        Optional.of(dir.resolve(name + ".key")),
        Optional.of(dir.resolve(ca)));
  }

  @Test
  void mutualTlsAcceptsClusterCertificatesAndRefusesOthers() throws Exception {
    Path in = dir.resolve("in.txt");
    Files.writeString(in, "a b\n");
    Job job =
        Job.builder("tls")
            .input(in)
            .output(dir.resolve("out"))
            .mapper(CoordinatorProtocolTest.Words.class)
            .reducer(CoordinatorProtocolTest.Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .build();
    try (CoordinatorProcess c =
        CoordinatorProcess.start(
            job, "127.0.0.1", 0, Timings.defaults(), tls("node", "ca.pem"), EventSink.NONE)) {
      String target = "localhost:" + c.port();
      Duration t = Duration.ofSeconds(5);
      assertThat(GrpcStatusClient.fetch(target, tls("other", "ca.pem"), t).jobName())
          .isEqualTo("tls");
      // Plaintext, no client certificate, or a certificate from another CA: refused.
      assertThatThrownBy(() -> GrpcStatusClient.fetch(target, GrpcSecurity.none(), t))
          .isInstanceOf(StatusRuntimeException.class);
      GrpcSecurity noClientCert =
          new GrpcSecurity(
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(dir.resolve("ca.pem")));
      assertThatThrownBy(() -> GrpcStatusClient.fetch(target, noClientCert, t))
          .isInstanceOf(StatusRuntimeException.class);
      GrpcSecurity rogue =
          new GrpcSecurity(
              Optional.empty(),
              Optional.of(dir.resolve("rogue.pem")),
              Optional.of(dir.resolve("rogue.pk8")),
              Optional.of(dir.resolve("ca.pem")));
      assertThatThrownBy(() -> GrpcStatusClient.fetch(target, rogue, t))
          .isInstanceOf(StatusRuntimeException.class);
    }
  }
}
