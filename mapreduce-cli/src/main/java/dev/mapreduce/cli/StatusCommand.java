package dev.mapreduce.cli;

import dev.mapreduce.core.coordinator.StatusBlock;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.grpc.GrpcStatusClient;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mapreduce status}: prints a coordinator's status block once. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Print a coordinator's status block once.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--coordinator",
      defaultValue = "127.0.0.1:50051",
      description = "HOST:PORT (default ${DEFAULT-VALUE})")
  String coordinator;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    try {
      StatusSnapshot s =
          GrpcStatusClient.fetch(coordinator, cluster.security(), Duration.ofSeconds(5));
      spec.commandLine().getOut().println(StatusBlock.render(s, ZoneId.systemDefault()));
      return ExitCodes.OK;
    } catch (StatusRuntimeException e) {
      spec.commandLine()
          .getErr()
          .println(
              "error: no coordinator answers at "
                  + coordinator
                  + " ("
                  + e.getStatus().getCode()
                  + (e.getStatus().getDescription() != null
                      ? ": " + e.getStatus().getDescription()
                      : "")
                  + ")");
      return ExitCodes.JOB_FAILED;
    }
  }
}
