package dev.mapreduce.cli;

import dev.mapreduce.examples.CorpusGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mapreduce sample}: writes the bundled sample corpus (deterministic). */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Write a deterministic sample corpus.")
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "directory to write into")
  Path output;

  @Option(names = "--files", defaultValue = "6")
  int files;

  @Option(names = "--file-size", defaultValue = "1MB", converter = SizeConverter.class)
  long fileSize;

  @Override
  public Integer call() throws Exception {
    new CorpusGenerator(20_000, 42).write(output, files, fileSize);
    return ExitCodes.OK;
  }
}
