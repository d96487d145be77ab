package dev.mapreduce.examples;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.inprocess.InProcessCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Word count on an embedded cluster of 3 workers over a generated sample corpus of a few MB,
 * printing the status block while it runs and the 10 most frequent words at the end.
 */
public final class WordCountDemo {
  private WordCountDemo() {}

  public static void main(String[] args) throws Exception {
    Path root = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("wordcount-demo-");
    Path input = root.resolve("input");
    Path output = root.resolve("output");
    List<Path> files = new CorpusGenerator(20_000, 42).write(input, 6, 1_000_000);
    System.out.printf(
        "Sample corpus: %d files, %,d bytes in %s%n", files.size(), sizeOf(files), input);

    Job job =
        new WordCount()
            .configure(Job.builder("wordcount").input(input).output(output))
            .reduceTasks(3)
            .splitSize(512 * 1024)
            .build();
    InProcessCluster cluster =
        InProcessCluster.builder()
            .workers(3)
            .timings(Timings.defaults().withStatusInterval(Duration.ofMillis(500)))
            .build();
    JobResult result;
    try (InProcessCluster.RunningJob running = cluster.start(job);
        ProgressDisplay progress = ProgressDisplay.start(running::status, System.out)) {
      result = running.result().join();
    }
    System.out.println(Summary.render(result));
    if (!result.succeeded()) {
      System.exit(1);
    }
    System.out.println("Top 10 words:");
    List<Map.Entry<String, Long>> top = OutputFiles.topByCount(output, 10);
    for (Map.Entry<String, Long> e : top) {
      System.out.printf("  %-20s %,d%n", e.getKey(), e.getValue());
    }
    System.out.println("Output: " + output);
  }

  private static long sizeOf(List<Path> files) throws java.io.IOException {
    long n = 0;
    for (Path f : files) {
      n += Files.size(f);
    }
    return n;
  }
}
