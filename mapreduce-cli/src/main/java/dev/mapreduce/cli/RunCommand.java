package dev.mapreduce.cli;

import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.examples.ProgressDisplay;
import dev.mapreduce.examples.Summary;
import dev.mapreduce.inprocess.InProcessCluster;
import dev.mapreduce.status.StatusHttpServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mapreduce run}: a job on an embedded in-process cluster in this JVM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a job on an embedded cluster of worker threads in this JVM.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin JobOptions options;

  @Option(
      names = "--workers",
      defaultValue = "3",
      description = "number of workers (default ${DEFAULT-VALUE})")
  int workers;

  @Override
  public Integer call() throws Exception {
    if (workers < 1) {
      throw new InvalidJobException("--workers must be at least 1, got " + workers);
    }
    Job job = options.builder(false).build();
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(workers)
            .timings(Timings.defaults().withStatusInterval(options.statusInterval))
            .build();
    JobResult result;
    // The status page binds first: a taken port then fails before the output directory is touched.
    LateStatus status = new LateStatus();
    try (StatusHttpServer http =
            options.httpPort == null
                ? null
                : StatusHttpServer.start("127.0.0.1", options.httpPort, status);
        InProcessCluster.RunningJob running = cluster.start(job);
        ProgressDisplay progress = ProgressDisplay.start(running::status, System.out)) {
      status.connect(running::status);
      result = running.result().join();
    }
    spec.commandLine().getOut().println(Summary.render(result));
    if (!result.succeeded()) {
      spec.commandLine().getErr().println("error: " + result.failureReason().orElse("job failed"));
      return ExitCodes.JOB_FAILED;
    }
    spec.commandLine().getOut().println("Output committed to " + job.output());
    return ExitCodes.OK;
  }
}
