package dev.mapreduce.cli;

import dev.mapreduce.core.api.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options that describe a job, shared by {@code run} and {@code coordinator}. */
final class JobOptions {
  @Option(
      names = "--job",
      required = true,
      description = "wordcount, indexer, or a JobTemplate class name")
  String job;

  @Option(
      names = "--input",
      required = true,
      arity = "1..*",
      description = "input files or directories")
  List<Path> inputs;

  @Option(
      names = "--output",
      required = true,
      description = "output directory (must not exist or be empty)")
  Path output;

  @Option(
      names = "--reducers",
      defaultValue = "3",
      description = "number of reduce tasks R (default ${DEFAULT-VALUE})")
  int reducers;

  @Option(
      names = "--split-size",
      defaultValue = "32MB",
      converter = SizeConverter.class,
      description = "bytes of input per map task (default ${DEFAULT-VALUE})")
  long splitSize;

  @Option(
      names = "--sort-buffer",
      defaultValue = "64MB",
      converter = SizeConverter.class,
      description = "map output buffered in memory before a spill (default ${DEFAULT-VALUE})")
  long sortBuffer;

  @Option(
      names = "--status-interval",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "how often the status block is logged (default ${DEFAULT-VALUE})")
  Duration statusInterval;

  @Option(names = "--set", description = "a job setting KEY=VALUE, visible to tasks (repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(
      names = "--http-port",
      description = "serve the status page, /status.json and /metrics on this port")
  Integer httpPort;

  /**
   * The job's builder. With {@code absolutePaths}, inputs and output are made absolute, for workers
   * that run in another directory or on another machine.
   */
  Job.Builder builder(boolean absolutePaths) {
    List<Path> in =
        absolutePaths ? inputs.stream().map(p -> p.toAbsolutePath().normalize()).toList() : inputs;
    Path out = absolutePaths ? output.toAbsolutePath().normalize() : output;
    Job.Builder b =
        JobCatalog.builder(job, in, out)
            .reduceTasks(reducers)
            .splitSize(splitSize)
            .sortBufferBytes(sortBuffer);
    settings.forEach(b::set);
    return b;
  }
}
