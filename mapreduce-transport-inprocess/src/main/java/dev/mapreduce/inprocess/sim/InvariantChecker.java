package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.DiskFaults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Checks the {@link Invariant}s while a run goes on: fed every trace event as it happens and every
 * disk operation a worker or the coordinator is about to do, it looks at the output directory when
 * the coordinator acts, and at the end of the run it checks the finished output. It keeps the first
 * violation only: what follows a broken rule is noise. A {@link Simulation} stops the run as soon
 * as {@link #violation()} is present.
 *
 * <p>It reads only events, disk operations and files, never the engine's internals, so that it
 * checks what the engine did, not what it believes.
 */
public final class InvariantChecker {
  private final Map<String, String> privatePaths = new LinkedHashMap<>();
  private final FinishedOutput finished;
  private final CommittedParts parts;
  private final FailedWorkers workers = new FailedWorkers();
  private final OwnFiles ownFiles = new OwnFiles();

  /** False once the job failed: aborting may then remove its parts. */
  private boolean partsFinal = true;

  private int reduceTasks = -1;
  private long now;
  private Violation violation;
  private Predicate<Violation> tolerated = v -> false;
  private final List<Violation> toleratedSeen = new ArrayList<>();

  /**
   * @param output the job's output directory
   * @param inputs the job's inputs, whose lines the map input counter must equal
   * @param reference the sequential reference output (key to value), if the caller has one
   * @param privatePaths directories (the output's, the inputs', the workers') whose absolute paths
   *     must never appear in a trace event
   */
  public InvariantChecker(
      Path output, List<Path> inputs, Optional<Map<String, ?>> reference, List<Path> privatePaths) {
    this.parts = new CommittedParts(output);
    this.finished =
        new FinishedOutput(
            output, InputLines.count(inputs), reference.map(InvariantChecker::asText));
    List<Path> hidden = new ArrayList<>(privatePaths);
    hidden.add(output);
    hidden.addAll(inputs);
    hidden.add(Path.of(System.getProperty("java.io.tmpdir")));
    for (Path p : hidden) {
      String abs = p.toAbsolutePath().normalize().toString();
      // The file system root would match every path separator: only real directories count.
      if (abs.length() > 1) {
        this.privatePaths.put(abs, p.getFileName() == null ? abs : p.getFileName().toString());
      }
    }
  }

  public Optional<Violation> violation() {
    return Optional.ofNullable(violation);
  }

  /**
   * Violations that {@code known} accepts are recorded (see {@link #tolerated()}) instead of
   * stopping the run: a sweep uses it for engine bugs already reported, so that one known bug does
   * not hide everything else the rest of the run might show.
   */
  public InvariantChecker tolerating(Predicate<Violation> known) {
    this.tolerated = known;
    return this;
  }

  /** The tolerated violations seen so far, first ones first (at most a few per invariant). */
  public List<Violation> tolerated() {
    return List.copyOf(toleratedSeen);
  }

  /** One event of the run, as it happens. */
  public void event(TraceEvent e) {
    if (violation != null) {
      return;
    }
    now = e.timeMillis();
    checkNoPath(e);
    JobEvent ev = e.event();
    if (ev instanceof JobEvent.JobStarted s) {
      reduceTasks = s.reduceTasks();
    } else if (ev instanceof JobEvent.WorkerRegistered r) {
      workers.registered(r.worker(), r.returning());
    } else if (ev instanceof JobEvent.WorkerFailed f) {
      workers.failed(f.worker());
    } else if (ev instanceof JobEvent.AttemptStarted a) {
      report(Invariant.NO_WORK_FOR_FAILED_WORKER, workers.assigned(a.attempt(), a.worker()));
    } else if (ev instanceof JobEvent.AttemptSucceeded a) {
      report(Invariant.NO_WORK_FOR_FAILED_WORKER, workers.accepted(a.attempt(), a.worker()));
    } else if (ev instanceof JobEvent.TaskCommitted c) {
      report(Invariant.NO_WORK_FOR_FAILED_WORKER, workers.committed(c.task(), c.attempt()));
      parts.committed(c.task(), c.attempt()).ifPresent(this::report);
    } else if (ev instanceof JobEvent.JobFailed f) {
      // Aborting a failed job removes its parts, unless the job's commit had begun: a failure to
      // write _SUCCESS comes after every part is final, and they must stay.
      partsFinal = f.reason().startsWith(FinishedOutput.SUCCESS_WRITE_FAILURE);
      if (f.reason().startsWith("internal error")) {
        report(Invariant.NO_INTERNAL_ERROR, Optional.of("the job failed with " + f.reason()));
      }
    } else if (ev instanceof JobEvent.WorkerStep s
        && s.step() == JobEvent.WorkerStep.Step.INTERNAL_ERROR) {
      report(Invariant.NO_INTERNAL_ERROR, Optional.of(s.worker() + ": " + s.detail()));
    }
    if (e.node().equals(Simulation.COORDINATOR) && partsFinal) {
      report(Invariant.COMMITTED_OUTPUT_KEPT, parts.checkAttributes());
    }
  }

  /** Work directories that must still hold the user's file named {@code USER_FILE} at the end. */
  public void userFilesIn(List<Path> workDirs) {
    this.userFileDirs = List.copyOf(workDirs);
  }

  public static final String USER_FILE = "users-notes.txt";

  private List<Path> userFileDirs = List.of();

  /**
   * After the job ended and the world ran on: {@code stillRunning} names workers that never exited.
   */
  public void drained(List<String> stillRunning) {
    if (violation == null && !stillRunning.isEmpty()) {
      report(
          Invariant.WORKERS_EXIT,
          Optional.of("the job ended but " + stillRunning + " never exited"));
    }
  }

  /**
   * A disk operation {@code process} (e.g. {@code worker2#1}, {@code coordinator}) is about to do.
   */
  public void disk(String process, DiskFaults.Op op, Path path) {
    if (violation == null) {
      report(Invariant.APPEND_ONLY_TO_OWN_FILES, ownFiles.op(process, op, path));
    }
  }

  /**
   * The run is over (and late attempts have had their chance to write): {@code result} is empty if
   * the job hung.
   */
  public void end(long atMillis, Optional<JobResult> result) {
    if (violation != null) {
      return;
    }
    now = atMillis;
    for (Path dir : userFileDirs) {
      if (!Files.exists(dir.resolve(USER_FILE))) {
        report(
            Invariant.WORK_DIR_KEPT,
            Optional.of("the user's file in " + dir.getFileName() + "'s work directory is gone"));
        return;
      }
    }
    if (partsFinal) {
      report(Invariant.COMMITTED_OUTPUT_KEPT, parts.checkContent());
    }
    if (violation != null || result.isEmpty()) {
      return;
    }
    JobResult r = result.get();
    if (!r.succeeded()) {
      finished.failed(r.failureReason().orElse("")).ifPresent(this::report);
      return;
    }
    if (parts.count() != reduceTasks) {
      report(
          Invariant.ONE_COMMIT_PER_TASK,
          Optional.of(
              "the job committed after "
                  + parts.count()
                  + " task commits for "
                  + reduceTasks
                  + " reduce tasks"));
      return;
    }
    finished.committed(r, reduceTasks).ifPresent(this::report);
  }

  private void checkNoPath(TraceEvent e) {
    String text = e.description();
    for (Map.Entry<String, String> p : privatePaths.entrySet()) {
      if (text.contains(p.getKey())) {
        report(
            Invariant.NO_ABSOLUTE_PATHS,
            Optional.of(
                e.event().getClass().getSimpleName()
                    + " from "
                    + e.node()
                    + " names the absolute path of "
                    + p.getValue()
                    + ": "
                    + text));
        return;
      }
    }
  }

  private void report(Problem p) {
    report(p.invariant(), Optional.of(p.detail()));
  }

  private void report(Invariant invariant, Optional<String> problem) {
    if (violation != null || problem.isEmpty()) {
      return;
    }
    Violation v = new Violation(invariant, problem.get(), now);
    if (!tolerated.test(v)) {
      violation = v;
    } else if (toleratedSeen.stream().filter(t -> t.invariant() == invariant).count() < 3) {
      toleratedSeen.add(v);
    }
  }

  private static Map<String, String> asText(Map<String, ?> reference) {
    Map<String, String> m = new TreeMap<>();
    reference.forEach((k, v) -> m.put(k, String.valueOf(v)));
    return m;
  }
}
