package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.protocol.BadRecord;
import dev.mapreduce.core.internal.protocol.MapAssignment;
import dev.mapreduce.core.internal.protocol.MapOutputLocation;
import dev.mapreduce.core.internal.protocol.ReduceAssignment;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.text.PathFree;
import dev.mapreduce.core.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The rules of one running job, applied to requests the protocol layer has already admitted:
 * assignment, completion, failure, re-execution, failure detection and the job's end. All state
 * changes go through the task and attempt state machines; every change is a {@link JobEvent}.
 * Touched only on the coordinator's loop.
 */
final class JobRun {
  private final Job job;
  private final List<InputSplit> splits;
  private final Clock clock;
  private final Timings timings;
  private final Consumer<JobEvent> emit;
  final TaskTable tasks;
  final Membership members;
  private final Scheduler scheduler;
  private final JobCommit commit;
  private final long startMillis;
  private final Set<String> toldDone = new HashSet<>();
  final CompletableFuture<JobResult> result = new CompletableFuture<>();
  final CompletableFuture<Void> workersReleased = new CompletableFuture<>();
  private Optional<String> failure = Optional.empty();
  private boolean finished;

  JobRun(
      Job job,
      List<InputSplit> splits,
      Clock clock,
      Timings timings,
      FailureDetector detector,
      OutputCommitter committer,
      Consumer<JobEvent> emit) {
    this.job = job;
    this.splits = List.copyOf(splits);
    this.clock = clock;
    this.timings = timings;
    this.emit = emit;
    this.startMillis = clock.millis();
    this.tasks = new TaskTable(splits.size(), job.reduceTasks(), job.maxAttempts());
    this.members = new Membership(detector, startMillis);
    this.scheduler =
        new Scheduler(
            tasks,
            members,
            job.speculative(),
            timings.speculationAfter(),
            timings.failureTimeout());
    this.commit = new JobCommit(job, committer, tasks, members, splits);
  }

  boolean finished() {
    return finished;
  }

  Optional<String> failure() {
    return failure;
  }

  long elapsedMillis() {
    return clock.millis() - startMillis;
  }

  // ---- membership -----------------------------------------------------------------------------

  /**
   * Registers a worker process; false for a registration from an older process of a name than the
   * one already known (a delayed or duplicated message, or a second process misconfigured with the
   * same name): it must not fail the newer one.
   */
  boolean register(String id, String shuffleAddress, long incarnation) {
    if (members.isStale(id, incarnation)) {
      return false;
    }
    members
        .replacedIncarnation(id, incarnation)
        .ifPresent(old -> workerFailed(old, "re-registered as a new process"));
    if (finished) {
      return false;
    }
    Membership.Registration r =
        members.register(id, shuffleAddress, incarnation, clock.now(), clock.millis());
    if (r != Membership.Registration.DUPLICATE) {
      emit.accept(new JobEvent.WorkerRegistered(id, r == Membership.Registration.RETURNING));
    }
    return true;
  }

  void heard(WorkerState w) {
    members.heard(w, clock.now(), clock.millis());
  }

  /**
   * Of the attempts a worker says it runs, those it should stop: any the coordinator no longer
   * holds RUNNING on it. Recomputed on every heartbeat, so a lost reply loses no abort order.
   */
  List<String> unwanted(WorkerState w, List<String> runningOnWorker) {
    return runningOnWorker.stream()
        .filter(
            id -> tasks.attempt(id).filter(a -> a.running() && a.workerId.equals(w.id)).isEmpty())
        .toList();
  }

  void checkWorkers() {
    if (finished) {
      return;
    }
    long now = clock.millis();
    for (WorkerState w : members.suspects(now)) {
      workerFailed(w, "no heartbeat for " + seconds(members.silenceMillis(w.id, now)));
      if (finished) {
        return;
      }
    }
    long alone = members.noLiveWorkerFor(now);
    if (alone >= job.noWorkerTimeout().toMillis()) {
      List<String> failed = members.failedIds();
      failJob(
          "No live worker for "
              + seconds(alone)
              + (members.all().isEmpty()
                  ? " (none ever registered)"
                  : " (failed: " + String.join(", ", failed) + ")"));
    }
    maybeFinish();
  }

  private void workerFailed(WorkerState w, String why) {
    members.markFailed(w);
    int reassigned = 0;
    long now = clock.millis();
    for (TaskAttempt a : tasks.runningOn(w.id)) {
      a.task.fail(a, true, "worker " + w.id + " failed", now);
      emit.accept(new JobEvent.AttemptLost(a.id, w.id));
      reassigned++;
      if (failIfExhausted(a.task)) {
        return;
      }
    }
    // The paper's rule: completed maps on a failed worker run again while a reduce may need them.
    if (!tasks.reducesDone()) {
      for (Task m : tasks.maps) {
        if (m.winner().filter(a -> a.workerId.equals(w.id)).isPresent()) {
          loseMapOutput(m, "its worker " + w.id + " failed");
          reassigned++;
          if (finished) {
            return;
          }
        }
      }
    }
    emit.accept(new JobEvent.WorkerFailed(w.id, why, reassigned));
  }

  // ---- tasks ----------------------------------------------------------------------------------

  TaskReply assign(WorkerState w) {
    long now = clock.millis();
    // A worker asks only when idle, so whatever it was running is gone (e.g. it aborted it).
    for (TaskAttempt a : tasks.runningOn(w.id)) {
      a.task.kill(a, w.id + " asked for new work", now);
      emit.accept(new JobEvent.AttemptKilled(a.id, w.id, "its worker asked for new work"));
    }
    Optional<Task> next = scheduler.next(w, now);
    if (next.isEmpty()) {
      return TaskReply.waitFor(timings.idlePoll().toMillis());
    }
    Task t = next.get();
    TaskAttempt a = tasks.start(t, w.id, now);
    emit.accept(new JobEvent.AttemptStarted(a.id, w.id, a.backup));
    int attemptNumber = t.attempts().size();
    if (t.kind == Task.Kind.MAP) {
      return TaskReply.of(
          new MapAssignment(a.id, t.index, attemptNumber, splits.get(t.index), t.skippedIndexes()));
    }
    List<MapOutputLocation> sources = new ArrayList<>();
    for (Task m : tasks.maps) {
      TaskAttempt won = m.winner().orElseThrow();
      // A map's winner lives on a live worker (its output is lost when it fails); if not, the
      // reducer's fetch fails and the map runs again.
      String address = members.live(won.workerId).map(h -> h.shuffleAddress).orElse("");
      sources.add(new MapOutputLocation(m.index, won.id, won.workerId, address));
    }
    return TaskReply.of(new ReduceAssignment(a.id, t.index, attemptNumber, sources));
  }

  /** Applies a report; returns false if it was late, duplicate or stale and changed nothing. */
  boolean report(WorkerState w, TaskReport r) {
    Optional<TaskAttempt> found =
        tasks.attempt(r.attemptId()).filter(a -> a.running() && a.workerId.equals(w.id));
    if (found.isEmpty()) {
      return false;
    }
    TaskAttempt a = found.get();
    switch (r.outcome()) {
      case SUCCEEDED -> succeeded(a, r, w);
      case FAILED -> {
        if (r.badRecord().isPresent() && maySkip(a.task, r.badRecord().get())) {
          recordFailed(a, w, r.badRecord().get(), r.error().orElse("unknown error"));
        } else {
          attemptFailed(a, w, r.error().orElse("unknown error"));
        }
      }
      case FETCH_FAILED -> fetchFailed(a, r, w);
    }
    maybeFinish();
    return true;
  }

  private void succeeded(TaskAttempt a, TaskReport r, WorkerState w) {
    if (a.task.kind == Task.Kind.REDUCE) {
      Optional<String> problem = commit.commitTask(a);
      if (problem.isPresent()) {
        attemptFailed(a, w, problem.get());
        return;
      }
      emit.accept(new JobEvent.TaskCommitted(a.task.id, a.id));
    }
    long now = clock.millis();
    List<TaskAttempt> losers = a.task.succeed(a, r.counters(), now);
    w.tasksCompleted++;
    emit.accept(new JobEvent.AttemptSucceeded(a.id, w.id));
    for (TaskAttempt l : losers) {
      emit.accept(new JobEvent.AttemptKilled(l.id, l.workerId, a.id + " finished first"));
    }
  }

  /** A map's bad record is skipped while the job's limit allows (a known one always is). */
  private boolean maySkip(Task t, BadRecord record) {
    if (t.kind != Task.Kind.MAP || job.maxSkippedRecords() == 0) {
      return false;
    }
    return t.skips(record.index())
        || tasks.maps.stream().mapToLong(Task::skippedCount).sum() < job.maxSkippedRecords();
  }

  /**
   * Not counted against the task's attempts nor the worker's record: the record is at fault, and
   * any worker would fail on it.
   */
  private void recordFailed(TaskAttempt a, WorkerState w, BadRecord record, String rawError) {
    String error = PathFree.of(rawError, job);
    String description = PathFree.of(record.description(), job);
    a.task.failOnRecord(a, record.index(), description, error, clock.millis());
    emit.accept(new JobEvent.RecordSkipped(a.id, w.id, description, error));
  }

  private void attemptFailed(TaskAttempt a, WorkerState w, String rawError) {
    String error = PathFree.of(rawError, job);
    a.task.fail(a, false, error, clock.millis());
    emit.accept(new JobEvent.AttemptFailed(a.id, w.id, error));
    if (members.noteFailedAttempt(w)) {
      emit.accept(new JobEvent.WorkerExcluded(w.id, w.failedAttempts));
    }
    failIfExhausted(a.task);
  }

  private void fetchFailed(TaskAttempt reduce, TaskReport r, WorkerState w) {
    if (reduce.task.kind != Task.Kind.REDUCE) {
      attemptFailed(reduce, w, "invalid report: a map attempt cannot fail to fetch");
      return;
    }
    String mapAttempt = r.failedMapAttempt().orElse("");
    String error = r.error().orElse("");
    // Not the reducer's fault: its attempt is killed, not failed, and the map runs again.
    reduce.task.kill(reduce, "could not fetch " + mapAttempt, clock.millis());
    emit.accept(new JobEvent.FetchFailed(reduce.id, mapAttempt, error));
    // Only the current output of a map can be lost; anything else named here changes nothing.
    tasks
        .attempt(mapAttempt)
        .filter(
            m ->
                m.task.kind == Task.Kind.MAP && m.task.winner().filter(win -> win == m).isPresent())
        .ifPresent(m -> loseMapOutput(m.task, "fetch failure reported by " + w.id));
  }

  private void loseMapOutput(Task map, String why) {
    String attempt = map.winner().map(a -> a.id).orElse("");
    map.loseOutput(why);
    emit.accept(new JobEvent.MapOutputLost(map.id, attempt, why));
    if (map.status() == Task.Status.FAILED) {
      failJob("Task " + map.id + " lost its output " + map.outputLosses() + " times (" + why + ")");
    }
  }

  private boolean failIfExhausted(Task t) {
    if (t.status() != Task.Status.FAILED) {
      return false;
    }
    failJob(
        "Task "
            + t.id
            + " failed "
            + t.failures()
            + " times (attempts: "
            + t.history()
            + "); last error: "
            + t.lastError().orElse("?"));
    return true;
  }

  // ---- the end --------------------------------------------------------------------------------

  void maybeFinish() {
    if (finished || !tasks.reducesDone()) {
      return;
    }
    Optional<String> problem = commit.commitJob(elapsedMillis());
    if (problem.isPresent()) {
      failJob(problem.get());
      return;
    }
    emit.accept(new JobEvent.JobCommitted(job.name()));
    finish();
  }

  void failJob(String reason) {
    if (finished) {
      return;
    }
    failure = Optional.of(reason);
    emit.accept(new JobEvent.JobFailed(job.name(), reason));
    commit.abort();
    finish();
  }

  private void finish() {
    finished = true;
    if (members.live().isEmpty()) {
      workersReleased.complete(null);
    }
    result.complete(commit.result(failure, elapsedMillis()));
  }

  /** Notes that a worker has been told the job is over. */
  void release(String workerId) {
    toldDone.add(workerId);
    if (members.live().stream().allMatch(w -> toldDone.contains(w.id))) {
      workersReleased.complete(null);
    }
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
