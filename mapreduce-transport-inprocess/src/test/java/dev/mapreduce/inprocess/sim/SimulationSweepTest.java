package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.io.OutputCommitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many seeds, each with random faults. A job that finishes must produce exactly the reference
 * output (nothing lost, nothing duplicated); a job that cannot must fail with a reason, never hang.
 *
 * <p>{@code -Dmapreduce.sim.seeds=N} runs N seeds (default 500); {@code -Dmapreduce.sim.seed=S}
 * reruns seed S alone.
 */
class SimulationSweepTest {
  @TempDir Path dir;

  @Test
  void randomFaultsNeverLoseOrDuplicateOutputAndNeverHang() throws IOException {
    Path input = SimJobs.writeInput(dir, 4, 150);
    Map<String, Long> reference = SimJobs.reference(input);
    List<Long> seeds = seeds();
    List<String> failures = new ArrayList<>();
    int succeeded = 0;
    int failedWithReason = 0;
    Map<String, Integer> reasons = new java.util.TreeMap<>();
    long start = System.nanoTime();
    for (long seed : seeds) {
      Path out = dir.resolve("out-" + seed);
      List<String> workers = List.of("worker1", "worker2", "worker3");
      FaultPlan plan = FaultPlan.random(new Random(seed), workers);
      SimulationResult r =
          Simulation.builder(SimJobs.job(input, out)).seed(seed).workers(3).faults(plan).build().run();
      String problem = check(r, out, reference);
      if (problem != null) {
        failures.add("seed " + seed + ": " + problem + "\n  faults: " + plan.describe()
            + "\n  rerun alone: mvn -pl mapreduce-transport-inprocess test -Dtest=SimulationSweepTest -Dmapreduce.sim.seed="
            + seed + "\n" + r.traceTail(30));
      } else if (r.result().orElseThrow().succeeded()) {
        succeeded++;
      } else {
        failedWithReason++;
        String reason = r.result().orElseThrow().failureReason().orElseThrow();
        reasons.merge(reason.replaceAll("[0-9.]+", "N").replaceAll("\\(.*", ""), 1, Integer::sum);
      }
      OutputCommitter.deleteRecursively(out);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("simulation sweep: %d seeds in %.1f s: %d succeeded, %d failed with a reason%n",
        seeds.size(), seconds, succeeded, failedWithReason);
    reasons.forEach((k, v) -> System.out.printf("  %4d x %s%n", v, k));
    assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(3, failures.size())))).isEmpty();
    // Most random plans are survivable; if nearly none succeed, the engine gives up too easily.
    assertThat(succeeded).isGreaterThan(seeds.size() * 7 / 10);
  }

  private static String check(SimulationResult r, Path out, Map<String, Long> reference) throws IOException {
    if (r.hung()) {
      return "hung: neither committed nor failed after " + r.virtualMillis() + " virtual ms";
    }
    JobResult job = r.result().orElseThrow();
    if (job.succeeded()) {
      if (!Files.exists(out.resolve(OutputCommitter.SUCCESS))) {
        return "succeeded without _SUCCESS";
      }
      Map<String, Long> actual;
      try {
        actual = SimJobs.output(out);
      } catch (AssertionError e) {
        return e.getMessage();
      }
      return actual.equals(reference) ? null : "output differs from the reference";
    }
    if (job.failureReason().orElse("").isBlank()) {
      return "failed without a reason";
    }
    try (Stream<Path> s = Files.list(out)) {
      List<String> left = s.map(p -> p.getFileName().toString()).toList();
      if (!left.isEmpty()) {
        return "failed job left " + left;
      }
    }
    return null;
  }

  private static List<Long> seeds() {
    String one = System.getProperty("mapreduce.sim.seed");
    if (one != null && !one.isBlank()) {
      return List.of(Long.parseLong(one));
    }
    int n = Integer.getInteger("mapreduce.sim.seeds", 500);
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      seeds.add(s);
    }
    return seeds;
  }
}
