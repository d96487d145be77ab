package dev.mapreduce.examples.cli;

import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.examples.ProgressDisplay;
import dev.mapreduce.examples.Summary;
import dev.mapreduce.status.StatusHttpServer;
import dev.mapreduce.inprocess.InProcessCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mapreduce run}: a job on an embedded in-process cluster in this JVM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a job on an embedded cluster of worker threads in this JVM.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--job", required = true, description = "wordcount, indexer, or a JobTemplate class name")
  String job;

  @Option(names = "--input", required = true, arity = "1..*", description = "input files or directories")
  List<Path> inputs;

  @Option(names = "--output", required = true, description = "output directory (must not exist or be empty)")
  Path output;

  @Option(names = "--reducers", defaultValue = "3", description = "number of reduce tasks R (default ${DEFAULT-VALUE})")
  int reducers;

  @Option(names = "--workers", defaultValue = "3", description = "number of workers (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--split-size", defaultValue = "32MB", converter = SizeConverter.class,
      description = "bytes of input per map task (default ${DEFAULT-VALUE})")
  long splitSize;

  @Option(names = "--sort-buffer", defaultValue = "64MB", converter = SizeConverter.class,
      description = "map output buffered in memory before a spill (default ${DEFAULT-VALUE})")
  long sortBuffer;

  @Option(names = "--status-interval", defaultValue = "10s", converter = DurationConverter.class,
      description = "how often the status block is logged (default ${DEFAULT-VALUE})")
  Duration statusInterval;

  @Option(names = "--set", description = "a job setting KEY=VALUE, visible to tasks (repeatable)")
  java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

  @Option(names = "--http-port", description = "serve the status page, /status.json and /metrics on this port")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    if (workers < 1) {
      throw new InvalidJobException("--workers must be at least 1, got " + workers);
    }
    Job.Builder builder =
        JobCatalog.builder(job, inputs, output)
            .reduceTasks(reducers)
            .splitSize(splitSize)
            .sortBufferBytes(sortBuffer);
    settings.forEach(builder::set);
    Job j = builder.build();
    InProcessCluster cluster = InProcessCluster.builder()
        .workers(workers)
        .timings(Timings.defaults().withStatusInterval(statusInterval))
        .build();
    JobResult result;
    try (InProcessCluster.RunningJob running = cluster.start(j);
        StatusHttpServer http = httpPort == null ? null
            : StatusHttpServer.start("127.0.0.1", httpPort, running.coordinator()::status);
        ProgressDisplay progress = ProgressDisplay.start(running.coordinator()::status, System.out)) {
      result = running.result().join();
    }
    spec.commandLine().getOut().println(Summary.render(result));
    if (!result.succeeded()) {
      spec.commandLine().getErr().println("error: " + result.failureReason().orElse("job failed"));
      return ExitCodes.JOB_FAILED;
    }
    spec.commandLine().getOut().println("Output committed to " + output);
    return ExitCodes.OK;
  }
}
