package dev.mapreduce.examples;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.worker.WorkerNode;
import dev.mapreduce.core.worker.WorkerOptions;
import dev.mapreduce.grpc.CoordinatorProcess;
import dev.mapreduce.grpc.GrpcSecurity;
import dev.mapreduce.grpc.WorkerProcess;
import dev.mapreduce.inprocess.InProcessCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Word count throughput: (a) a plain single-threaded HashMap count and (b) the engine on an
 * embedded cluster, over the same generated Zipf corpus, in one process. Checks that both agree and
 * prints MB/s for each and the ratio b/a.
 *
 * <p>Longer than most classes on purpose: one command-line program, with its options, its three
 * contenders and its report in one place for whoever reruns it.
 */
@Command(name = "WordCountBenchmark", mixinStandardHelpOptions = true)
public final class WordCountBenchmark implements Callable<Integer> {
  @Option(
      names = "--size-mb",
      defaultValue = "256",
      description = "corpus size in MB (default ${DEFAULT-VALUE})")
  int sizeMb;

  @Option(
      names = "--files",
      defaultValue = "8",
      description = "number of corpus files (default ${DEFAULT-VALUE})")
  int files;

  @Option(
      names = "--vocabulary",
      defaultValue = "100000",
      description = "distinct words (default ${DEFAULT-VALUE})")
  int vocabulary;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "engine workers (default ${DEFAULT-VALUE})")
  int workers;

  @Option(
      names = "--reducers",
      defaultValue = "2",
      description = "reduce tasks (default ${DEFAULT-VALUE})")
  int reducers;

  @Option(
      names = "--split-mb",
      defaultValue = "16",
      description = "split size in MB (default ${DEFAULT-VALUE})")
  int splitMb;

  @Option(
      names = "--dir",
      defaultValue = "bench-data",
      description = "where the corpus is generated and kept")
  Path dir;

  @Option(
      names = "--repeat",
      defaultValue = "5",
      description = "timed runs of each; the median counts (default ${DEFAULT-VALUE})")
  int repeat;

  @Option(names = "--no-grpc", description = "skip (c), the engine over gRPC with worker processes")
  boolean noGrpc;

  @Option(
      names = "--engine-only",
      description = "skip the baseline (for memory tests with a small -Xmx)")
  boolean engineOnly;

  public static void main(String[] args) {
    System.exit(new CommandLine(new WordCountBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path corpus =
        dir.resolve(String.format("corpus-%dmb-%dfiles-%dwords", sizeMb, files, vocabulary));
    ensureCorpus(corpus);
    List<Path> inputs = corpusFiles(corpus);
    long bytes = 0;
    for (Path f : inputs) {
      bytes += Files.size(f);
    }
    double mb = bytes / 1e6;
    System.out.printf(
        Locale.ROOT,
        "Corpus: %s, %d files, %.1f MB; %d cores; max heap %d MB%n",
        corpus,
        inputs.size(),
        mb,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    // Warm every code path up on the same files first, so that none pays for the JIT alone.
    List<Path> warmup = inputs.subList(0, Math.min(2, inputs.size()));
    Path warmupDir = dir.resolve("warmup-input");
    FileTrees.delete(warmupDir);
    Files.createDirectories(warmupDir);
    for (Path f : warmup) {
      Files.createSymbolicLink(warmupDir.resolve(f.getFileName()), f.toAbsolutePath());
    }
    if (!engineOnly) {
      baseline(warmup);
    }
    engine(warmupDir, dir.resolve("warmup-out"));
    boolean grpcWanted = !noGrpc && !engineOnly;
    if (grpcWanted) {
      startWorkerProcesses(repeat + 1);
      overGrpc(warmupDir, dir.resolve("warmup-out"));
    }

    Map<String, Long> expected = null;
    double[] baselineRuns = new double[repeat];
    double[] engineRuns = new double[repeat];
    double[] grpcRuns = new double[repeat];
    boolean grpc = !noGrpc && !engineOnly;
    Path out = dir.resolve("engine-out");
    // Alternate (a) and (b) so that drift on the machine hits both alike.
    for (int i = 0; i < repeat; i++) {
      if (!engineOnly) {
        long t0 = System.nanoTime();
        expected = baseline(inputs);
        baselineRuns[i] = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            Locale.ROOT, "  run %d (a) HashMap, 1 thread:  %6.2f s%n", i + 1, baselineRuns[i]);
      }
      long t1 = System.nanoTime();
      JobResult r = engine(corpus, out);
      engineRuns[i] = (System.nanoTime() - t1) / 1e9;
      if (!r.succeeded()) {
        System.err.println("engine failed: " + r.failureReason().orElse(""));
        return 1;
      }
      System.out.printf(
          Locale.ROOT, "  run %d (b) engine:             %6.2f s%n", i + 1, engineRuns[i]);
      if (grpc) {
        grpcRuns[i] = overGrpc(corpus, dir.resolve("grpc-out"));
        Map<String, Long> viaGrpc = new HashMap<>(OutputFiles.counts(dir.resolve("grpc-out")));
        if (expected != null && !viaGrpc.equals(expected)) {
          System.err.println("MISMATCH: gRPC engine output differs from the baseline");
          return 1;
        }
        System.out.printf(
            Locale.ROOT, "  run %d (c) engine over gRPC:   %6.2f s%n", i + 1, grpcRuns[i]);
      }
    }
    double baselineSeconds = median(baselineRuns);
    double engineSeconds = median(engineRuns);
    if (!engineOnly) {
      System.out.printf(
          Locale.ROOT,
          "(a) HashMap, 1 thread:           %6.2f s  %7.1f MB/s%n",
          baselineSeconds,
          mb / baselineSeconds);
    }
    System.out.printf(
        Locale.ROOT,
        "(b) engine, %d in-process workers: %6.2f s  %7.1f MB/s%n",
        workers,
        engineSeconds,
        mb / engineSeconds);
    if (grpc) {
      double grpcSeconds = median(grpcRuns);
      System.out.printf(
          Locale.ROOT,
          "(c) engine, %d worker processes over gRPC: %6.2f s  %7.1f MB/s; ratio c/b = %.2f%n",
          workers,
          grpcSeconds,
          mb / grpcSeconds,
          engineSeconds / grpcSeconds);
    }
    if (expected != null) {
      Map<String, Long> actual = new HashMap<>(OutputFiles.counts(out));
      if (!actual.equals(expected)) {
        System.err.println("MISMATCH: engine output differs from the baseline");
        return 1;
      }
      System.out.printf(
          Locale.ROOT,
          "Outputs agree (%,d distinct words). Ratio b/a = %.2f (medians of %d runs)%n",
          actual.size(),
          baselineSeconds / engineSeconds,
          repeat);
    }
    FileTrees.delete(out);
    for (Process p : workerProcesses) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    return 0;
  }

  private JobResult engine(Path input, Path out) throws IOException {
    FileTrees.delete(out);
    return InProcessCluster.builder().workers(workers).build().run(wordCountJob(input, out));
  }

  /**
   * Runs the job with this process as coordinator and {@code workers} worker JVMs on loopback.
   * Workers start first and wait; the clock runs from the coordinator's start to its result.
   */
  private double overGrpc(Path input, Path out) throws Exception {
    FileTrees.delete(out);
    long t0 = System.nanoTime();
    try (CoordinatorProcess c =
        CoordinatorProcess.start(
            wordCountJob(input, out),
            "127.0.0.1",
            port,
            Timings.defaults(),
            GrpcSecurity.none(),
            EventSink.NONE)) {
      JobResult r = c.coordinator().result().join();
      double seconds = (System.nanoTime() - t0) / 1e9;
      // Untimed: let the workers hear the job is over, so each starts the next job promptly.
      c.awaitResult();
      if (!r.succeeded()) {
        throw new IllegalStateException("gRPC run failed: " + r.failureReason().orElse(""));
      }
      return seconds;
    }
  }

  private Job wordCountJob(Path input, Path out) {
    return new WordCount()
        .configure(Job.builder("wordcount-bench").input(input).output(out))
        .reduceTasks(reducers)
        .splitSize((long) splitMb << 20)
        .build();
  }

  private int port;
  private final List<Process> workerProcesses = new java.util.ArrayList<>();

  /**
   * Starts the worker JVMs once; each serves the warm-up job and every timed job, so (c) runs on
   * warm JVMs as (b) does.
   */
  private void startWorkerProcesses(int jobs) throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    for (int w = 1; w <= workers; w++) {
      workerProcesses.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  Worker.class.getName(),
                  "127.0.0.1:" + port,
                  "bench-worker" + w,
                  Integer.toString(jobs))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start());
    }
  }

  /**
   * The main of the worker JVMs of run (c): a gRPC worker, as {@code mapreduce worker --jobs N}
   * runs one, that serves N jobs one after another. It is here rather than the command line's
   * worker because examples must not depend on mapreduce-cli (which depends on examples).
   * Arguments: COORDINATOR_HOST:PORT ID JOBS.
   */
  public static final class Worker {
    private Worker() {}

    public static void main(String[] args) throws Exception {
      String coordinator = args[0];
      String id = args[1];
      int jobs = Integer.parseInt(args[2]);
      WorkerOptions options = WorkerOptions.in(Files.createTempDirectory("mapreduce-" + id + "-"));
      int served = 0;
      while (served < jobs) {
        try (WorkerProcess w =
            WorkerProcess.start(
                id,
                coordinator,
                "127.0.0.1",
                0,
                "127.0.0.1",
                Timings.defaults(),
                options,
                GrpcSecurity.none(),
                EventSink.NONE)) {
          WorkerNode.Exit exit = w.exit().join();
          if (exit != WorkerNode.Exit.JOB_DONE) {
            System.err.println(id + " stopped: " + exit + " " + w.node().lastCoordinatorError());
            System.exit(1);
          }
          if (w.node().everAccepted()) {
            served++;
          } else {
            // The previous job's coordinator was still saying goodbye: wait for the next one.
            Thread.sleep(200);
          }
        }
      }
    }
  }

  private static double median(double[] xs) {
    double[] sorted = xs.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** The baseline: read every line, split words the same way, count in one HashMap. */
  static Map<String, Long> baseline(List<Path> inputs) throws IOException {
    Map<String, Long> counts = new HashMap<>();
    for (Path f : inputs) {
      try (BufferedReader reader = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
        String line;
        while ((line = reader.readLine()) != null) {
          WordCount.forEachWord(line, w -> counts.merge(w, 1L, Long::sum));
        }
      }
    }
    return counts;
  }

  private void ensureCorpus(Path corpus) throws IOException {
    Path done = corpus.resolve("_COMPLETE");
    if (Files.exists(done)) {
      return;
    }
    System.out.printf("Generating %d MB corpus in %s ...%n", sizeMb, corpus);
    FileTrees.delete(corpus);
    new CorpusGenerator(vocabulary, 2004).write(corpus, files, ((long) sizeMb << 20) / files);
    Files.writeString(done, "");
  }

  /** The corpus files (not the _COMPLETE marker). */
  private static List<Path> corpusFiles(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("_")).sorted().toList();
    }
  }
}
