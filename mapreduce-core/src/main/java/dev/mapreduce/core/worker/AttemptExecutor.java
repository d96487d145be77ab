package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.TaskInfo;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.internal.io.MapOutputFile;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.protocol.BadRecord;
import dev.mapreduce.core.internal.protocol.MapAssignment;
import dev.mapreduce.core.internal.protocol.ReduceAssignment;
import dev.mapreduce.core.internal.protocol.ShuffleClient;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a worker's attempts: sets each up in a fresh directory, runs its body on the task runner
 * (fetching first, for a reduce), reports how it ended, and kills one that stops making progress.
 * Loop only, except the bodies themselves.
 */
final class AttemptExecutor {
  private final WorkerContext w;
  private final CoordinatorSession session;
  private final ShuffleClient shuffle;

  AttemptExecutor(WorkerContext w, CoordinatorSession session, ShuffleClient shuffle) {
    this.w = w;
    this.session = session;
    this.shuffle = shuffle;
  }

  void runMap(int gen, MapAssignment a) {
    TaskInfo info =
        new TaskInfo(
            String.format("m-%05d", a.taskIndex()),
            a.attempt(),
            a.split().inMemory()
                ? Optional.empty()
                : Optional.of(Path.of(a.split().file()).toAbsolutePath()),
            w.job.configuration());
    Runnable bodyPoint =
        w.options.hooks() == WorkerHooks.NONE
            ? null
            : () -> w.hook(Point.IN_MAP_BODY, a.attemptId());
    AttemptContext ctx = new AttemptContext(a.attemptId(), info, bodyPoint);
    Optional<Path> dir = begin(gen, ctx, "map of split " + a.taskIndex());
    if (dir.isEmpty()) {
      return;
    }
    Job job = w.job;
    CompletableFuture<MapOutputFile> body =
        w.runner.run(
            a.attemptId(),
            () ->
                ctx.runBody(
                    () -> {
                      w.options.diskFaults().before(DiskFaults.Op.SPILL_WRITE, w.id, dir.get());
                      return MapTask.run(job, a.split(), a.skipRecords(), dir.get(), ctx);
                    }));
    w.hook(Point.MID_MAP, a.attemptId());
    w.onLoopWhenDone(
        body,
        (file, error) -> {
          if (!w.live(gen) || !w.isCurrent(ctx)) {
            return; // the worker moved on (e.g. the attempt timed out): nothing to report
          }
          w.current = Optional.empty();
          if (error != null) {
            finishFailed(gen, ctx, error);
            return;
          }
          w.mapOutputs.put(a.attemptId(), file);
          session.report(
              gen,
              TaskReport.succeeded(w.id, a.attemptId(), ctx.counters.snapshot()),
              () -> w.hook(Point.AFTER_MAP_COMPLETED, a.attemptId()));
        });
  }

  void runReduce(int gen, ReduceAssignment a) {
    TaskInfo info =
        new TaskInfo(
            String.format("r-%05d", a.partition()),
            a.attempt(),
            Optional.empty(),
            w.job.configuration());
    AttemptContext ctx = new AttemptContext(a.attemptId(), info);
    Optional<Path> dir =
        begin(gen, ctx, "reduce, fetching from " + a.sources().size() + " map outputs");
    if (dir.isPresent()) {
      new ShuffleFetcher(w, session, this, shuffle, gen, a, ctx, dir.get()).start();
    }
  }

  /** Makes the attempt current and gives it a fresh directory; empty if it failed already. */
  private Optional<Path> begin(int gen, AttemptContext ctx, String what) {
    w.current = Optional.of(ctx);
    try {
      Path dir = w.attemptDir(gen, ctx.attemptId);
      w.attemptStep(ctx.attemptId, LocalAttemptStep.Step.STARTED, what);
      return Optional.of(dir);
    } catch (IOException | IllegalArgumentException e) {
      w.current = Optional.empty();
      finishFailed(gen, ctx, e);
      return Optional.empty();
    }
  }

  /** Runs the reduce body once every map output is fetched into {@code runs}. */
  void afterFetch(int gen, ReduceAssignment a, AttemptContext ctx, List<Path> runs) {
    Job job = w.job;
    Path outFile = OutputCommitter.attemptFile(job.output(), a.attemptId(), a.partition());
    CompletableFuture<Void> body =
        w.runner.run(
            a.attemptId(),
            () ->
                ctx.runBody(
                    () -> {
                      w.options
                          .diskFaults()
                          .before(DiskFaults.Op.REDUCE_OUTPUT_WRITE, w.id, outFile);
                      ReduceTask.run(job, a.partition(), runs, ctx);
                      return null;
                    }));
    w.hook(Point.MID_REDUCE, a.attemptId());
    w.onLoopWhenDone(
        body,
        (ignored, error) -> {
          if (!w.live(gen) || !w.isCurrent(ctx)) {
            return;
          }
          w.current = Optional.empty();
          w.deleteAttemptDir(gen, a.attemptId());
          if (error != null) {
            finishFailed(gen, ctx, error);
            return;
          }
          w.hook(Point.BEFORE_COMMIT, a.attemptId());
          if (!w.stopped) {
            session.report(
                gen, TaskReport.succeeded(w.id, a.attemptId(), ctx.counters.snapshot()), () -> {});
          }
        });
  }

  /** An attempt ended badly: aborted ones just make room for new work; others are reported. */
  void finishFailed(int gen, AttemptContext ctx, Throwable error) {
    Throwable cause = WorkerContext.unwrap(error);
    w.deleteAttemptDir(gen, ctx.attemptId);
    if (cause instanceof AttemptAbortedException) {
      session.requestTask(gen);
      return;
    }
    // A mapper that failed on one record names it, so that the task's next attempts may skip it.
    Optional<BadRecord> bad =
        cause instanceof BadRecordException b ? Optional.of(b.record) : Optional.empty();
    String message = w.pathFree(WorkerContext.describe(bad.isPresent() ? cause.getCause() : cause));
    w.attemptStep(
        ctx.attemptId,
        LocalAttemptStep.Step.FAILED,
        bad.map(r -> r.description() + ": ").orElse("") + message);
    session.report(
        gen,
        bad.map(r -> TaskReport.failedOnRecord(w.id, ctx.attemptId, message, r))
            .orElseGet(() -> TaskReport.failed(w.id, ctx.attemptId, message)),
        () -> {});
  }

  /**
   * Kills the current attempt if it made no progress for the job's task timeout: its body may be
   * blocked forever, and the heartbeats from this loop would otherwise keep it alive. It is
   * reported as failed (so the task is retried, elsewhere if possible); the stuck thread is
   * interrupted and abandoned, and the next attempt runs on a fresh one.
   */
  void checkProgress() {
    if (w.current.isEmpty() || w.job == null) {
      return;
    }
    AttemptContext ctx = w.current.get();
    long idle = ctx.millisWithoutProgress(w.clock.millis());
    if (idle < w.job.taskTimeout().toMillis()) {
      return;
    }
    w.current = Optional.empty();
    ctx.kill();
    String why = "no progress for " + idle + " ms (task timeout " + w.job.taskTimeout() + ")";
    w.attemptStep(ctx.attemptId, LocalAttemptStep.Step.TIMED_OUT, why);
    w.deleteAttemptDir(w.generation, ctx.attemptId);
    session.report(
        w.generation, TaskReport.failed(w.id, ctx.attemptId, "killed: " + why), () -> {});
  }
}
