package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.internal.io.SplitPlanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Runs one simulation per seed, each with the random fault plan its seed draws, and sorts the
 * outcomes: committed; failed as the plan made unavoidable; invariant violated; hung; failed (or
 * committed) against the plan's {@link Outlook}. Everything but the first two is a finding, kept
 * with what it takes to reproduce it.
 */
final class Sweep implements AutoCloseable {
  static final List<String> WORKERS = List.of("worker1", "worker2", "worker3");

  private final Path dir;
  private final Path input;
  private final Map<String, Long> reference;
  private final int mapTasks;

  int seeds;
  int committed;
  int failedAsPlanned;
  int violations;
  int hangs;
  int unexplained;

  /** Jobs that failed because of a known engine bug (see {@link KnownEngineBug}). */
  int failedByKnownBug;

  int mustCommit;
  int mayFail;
  int mustFail;
  double seconds;
  final Map<String, Integer> failureKinds = new TreeMap<>();
  final List<String> findings = new ArrayList<>();

  /** Seeds that showed each known engine bug (a seed may show several). */
  final Map<KnownEngineBug, List<Long>> knownBugs = new EnumMap<>(KnownEngineBug.class);

  /**
   * A small word count: 6 maps, 3 reduces, so a seed costs a few tens of milliseconds. Its files go
   * under {@code -Dsim.dir} if set, else in RAM ({@code /dev/shm}) where there is one — the runs
   * create and delete thousands of small files, and a disk makes that the sweep's main cost — else
   * under {@code fallback}.
   */
  Sweep(Path fallback) throws IOException {
    this.dir = scratch(fallback);
    this.input = SimJobs.writeInput(dir, 3, 40);
    this.reference = SimJobs.reference(input);
    this.mapTasks = SplitPlanner.plan(List.of(input), job(dir.resolve("probe")).splitSize()).size();
  }

  /**
   * The sweep's job. It allows 5 failed attempts per task rather than 3 so that a plan's few faults
   * rarely add up to exhaust a task by themselves (such plans count as "may fail"), and a 60 s task
   * timeout, longer than the slowest body a slow worker runs, so only stuck bodies time out.
   */
  Job job(Path out) {
    return SimJobs.job(input, out).toBuilder()
        .splitSize(512)
        .maxAttempts(5)
        .taskTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static Path scratch(Path fallback) throws IOException {
    String chosen = System.getProperty("sim.dir", "");
    Path shm = Path.of("/dev/shm");
    Path base =
        !chosen.isBlank()
            ? Path.of(chosen)
            : Files.isDirectory(shm) && Files.isWritable(shm) ? shm : fallback;
    return Files.createTempDirectory(base, "mapreduce-sweep-");
  }

  /** Deletes the sweep's files. */
  @Override
  public void close() throws IOException {
    FileTrees.delete(dir);
  }

  FaultPlan plan(long seed) {
    return FaultPlan.random(SimSeeds.FAULTS.of(seed), WORKERS, mapTasks, 3);
  }

  Sweep run(List<Long> seedList) throws IOException {
    long start = System.nanoTime();
    for (long seed : seedList) {
      runOne(seed);
    }
    seconds = (System.nanoTime() - start) / 1e9;
    return this;
  }

  private void runOne(long seed) throws IOException {
    seeds++;
    Path out = dir.resolve("out-" + seed);
    FaultPlan plan = plan(seed);
    Simulation sim =
        Simulation.builder(job(out))
            .seed(seed)
            .workers(WORKERS.size())
            .faults(plan)
            .reference(reference)
            .tolerating(KnownEngineBug::known)
            .workDirectory(dir)
            .build();
    Outlook outlook = sim.outlook();
    switch (outlook.verdict()) {
      case MUST_COMMIT -> mustCommit++;
      case MAY_FAIL -> mayFail++;
      case MUST_FAIL -> mustFail++;
    }
    try {
      SimulationResult r = sim.run();
      r.toleratedViolations().forEach(v -> known(seed, KnownEngineBug.headline(v)));
      classify(seed, plan, outlook, r);
    } catch (InvariantViolation v) {
      violations++;
      finding(
          seed, KnownEngineBug.headline(v.violation()), plan, outlook, v.result().traceTail(40));
    } catch (RuntimeException | StackOverflowError e) {
      violations++;
      finding(seed, "EXCEPTION escaped the simulation: " + e, plan, outlook, stackOf(e));
    } finally {
      FileTrees.delete(out);
    }
  }

  private void classify(long seed, FaultPlan plan, Outlook outlook, SimulationResult r) {
    if (r.hung()) {
      hangs++;
      finding(
          seed,
          "HANG: neither committed nor failed after " + r.virtualMillis() + " virtual ms",
          plan,
          outlook,
          r.traceTail(40));
      return;
    }
    JobResult job = r.result().orElseThrow();
    if (job.succeeded()) {
      if (outlook.successPossible()) {
        committed++;
      } else {
        unexplained++;
        finding(
            seed,
            "COMMITTED although the plan makes success impossible",
            plan,
            outlook,
            r.traceTail(40));
      }
      return;
    }
    String reason = job.failureReason().orElse("");
    if (outlook.explains(reason)) {
      failedAsPlanned++;
      failureKinds.merge(
          reason.replaceAll("[0-9]+(\\.[0-9]+)?", "N").replaceAll(" \\(.*", ""), 1, Integer::sum);
    } else if (known(seed, "UNEXPLAINED FAILURE: " + reason)) {
      failedByKnownBug++;
    } else {
      unexplained++;
      finding(seed, "UNEXPLAINED FAILURE: " + reason, plan, outlook, r.traceTail(40));
    }
  }

  /** Counts the headline under its known engine bug, if it is one. */
  private boolean known(long seed, String headline) {
    Optional<KnownEngineBug> bug = KnownEngineBug.of(headline);
    bug.ifPresent(
        b -> {
          List<Long> seen = knownBugs.computeIfAbsent(b, k -> new ArrayList<>());
          if (seen.isEmpty() || seen.get(seen.size() - 1) != seed) {
            seen.add(seed);
          }
        });
    return bug.isPresent();
  }

  private void finding(long seed, String what, FaultPlan plan, Outlook outlook, String tail) {
    findings.add(
        "seed "
            + seed
            + ": "
            + what
            + "\n  plan: "
            + plan
            + "\n  outlook: "
            + outlook
            + "\n  rerun alone: mvn -B -pl mapreduce-transport-inprocess test -Dtest=SimulationSweepTest -Dsim.seed="
            + seed
            + "\n"
            + tail);
  }

  private static String stackOf(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  /** The figures, as the on-request sweep prints them. */
  String summary() {
    StringBuilder b = new StringBuilder();
    b.append(
        String.format(
            Locale.ROOT,
            "simulation sweep: %d seeds in %.1f s: %d successes, %d impossible plans (failed with a reason), "
                + "%d violations, %d hangs, %d unexplained failures, %d failed by a known engine bug%n",
            seeds,
            seconds,
            committed,
            failedAsPlanned,
            violations,
            hangs,
            unexplained,
            failedByKnownBug));
    b.append(
        String.format(
            Locale.ROOT,
            "  plans: %d must commit, %d may fail, %d must fail%n",
            mustCommit,
            mayFail,
            mustFail));
    failureKinds.forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %5d x %s%n", v, k)));
    b.append(
        "  known engine bugs (reported, not fixed here; delete an entry that is no longer seen):\n");
    for (KnownEngineBug bug : KnownEngineBug.values()) {
      List<Long> seen = knownBugs.getOrDefault(bug, List.of());
      b.append(
          String.format(
              Locale.ROOT,
              "  %5d seeds %s%s%n",
              seen.size(),
              bug,
              seen.isEmpty()
                  ? ""
                  : " (e.g. seeds " + seen.subList(0, Math.min(5, seen.size())) + ")"));
    }
    return b.toString();
  }

  /** One line per finding. */
  String headlines() {
    return String.join("\n", findings.stream().map(f -> f.lines().findFirst().orElse("")).toList());
  }

  /** The first few findings in full: enough to reproduce, not a wall of text. */
  String firstFindings(int n) {
    return String.join("\n", findings.subList(0, Math.min(n, findings.size())));
  }
}
