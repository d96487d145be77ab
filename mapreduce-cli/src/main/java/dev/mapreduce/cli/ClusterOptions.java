package dev.mapreduce.cli;

import dev.mapreduce.core.config.Timings;
import dev.mapreduce.grpc.GrpcSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Security and timing options shared by the coordinator, worker and status commands. */
final class ClusterOptions {
  @Option(
      names = "--token",
      description = "shared secret checked on every RPC (or env MAPREDUCE_TOKEN)")
  String token;

  @Option(names = "--tls-cert", description = "PEM certificate chain of this node (enables TLS)")
  Path tlsCert;

  @Option(names = "--tls-key", description = "PEM private key (PKCS#8) of this node")
  Path tlsKey;

  @Option(
      names = "--tls-ca",
      description =
          "PEM CA: clients verify servers with it; servers require client certificates signed by it")
  Path tlsCa;

  @Option(
      names = "--allow-plaintext-token",
      description =
          "send --token without TLS to non-loopback hosts too (only on a network you trust)")
  boolean allowPlaintextToken;

  @Option(
      names = "--heartbeat-interval",
      converter = DurationConverter.class,
      defaultValue = "3s",
      description = "worker heartbeat period (default ${DEFAULT-VALUE})")
  Duration heartbeat;

  @Option(
      names = "--failure-check-interval",
      converter = DurationConverter.class,
      defaultValue = "5s",
      description =
          "how often the coordinator checks for silent workers (default ${DEFAULT-VALUE})")
  Duration failureCheck;

  @Option(
      names = "--failure-timeout",
      converter = DurationConverter.class,
      defaultValue = "10s",
      description = "silence after which a worker is FAILED (default ${DEFAULT-VALUE})")
  Duration failureTimeout;

  @Option(
      names = "--rpc-timeout",
      converter = DurationConverter.class,
      defaultValue = "5s",
      description = "deadline of each RPC (default ${DEFAULT-VALUE})")
  Duration rpcTimeout;

  @Option(
      names = "--coordinator-timeout",
      converter = DurationConverter.class,
      defaultValue = "60s",
      description =
          "a worker exits non-zero after the coordinator is unreachable this long (default ${DEFAULT-VALUE})")
  Duration coordinatorTimeout;

  GrpcSecurity security() {
    String t = token != null ? token : System.getenv("MAPREDUCE_TOKEN");
    return new GrpcSecurity(
        Optional.ofNullable(t).filter(s -> !s.isEmpty()),
        Optional.ofNullable(tlsCert),
        Optional.ofNullable(tlsKey),
        Optional.ofNullable(tlsCa),
        allowPlaintextToken);
  }

  Timings timings(Duration statusInterval) {
    Timings d = Timings.defaults();
    return new Timings(
        heartbeat,
        failureCheck,
        failureTimeout,
        statusInterval,
        d.idlePoll(),
        rpcTimeout,
        coordinatorTimeout,
        d.speculationAfter());
  }
}
