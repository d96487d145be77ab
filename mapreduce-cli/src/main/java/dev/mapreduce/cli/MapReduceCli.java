package dev.mapreduce.cli;

import dev.mapreduce.core.time.ThreadEventLoop;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code scripts/mapreduce}: run, coordinator, worker, status and sample commands. */
@Command(
    name = "mapreduce",
    mixinStandardHelpOptions = true,
    version = "mapreduce 0.1.0",
    description = "An embeddable MapReduce engine for the JVM.",
    subcommands = {
      RunCommand.class,
      CoordinatorCommand.class,
      WorkerCommand.class,
      StatusCommand.class,
      SampleCommand.class
    })
public final class MapReduceCli {
  public static void main(String[] args) {
    // This process is ours: a component that cannot even fail cleanly ends it, with a code of its
    // own, rather than leaving the process to hang.
    ThreadEventLoop.setLastResort(
        e -> {
          System.err.println("fatal: a component failed and could not stop itself: " + e);
          Runtime.getRuntime().halt(ExitCodes.FATAL);
        });
    System.exit(execute(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  public static int execute(String... args) {
    CommandLine cli = new CommandLine(new MapReduceCli());
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println("error: " + e.getMessage());
          return ExitCodes.USAGE;
        });
    return cli.execute(args);
  }
}
