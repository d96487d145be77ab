package dev.mapreduce.core.coordinator;

import com.google.gson.GsonBuilder;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.StatusSnapshot.Phase;
import dev.mapreduce.core.coordinator.TaskState.Kind;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.io.InputSplit;
import dev.mapreduce.core.io.OutputCommitter;
import dev.mapreduce.core.io.SplitPlanner;
import dev.mapreduce.core.protocol.CoordinatorService;
import dev.mapreduce.core.protocol.Directive;
import dev.mapreduce.core.protocol.HeartbeatReply;
import dev.mapreduce.core.protocol.HeartbeatRequest;
import dev.mapreduce.core.protocol.MapAssignment;
import dev.mapreduce.core.protocol.MapOutputLocation;
import dev.mapreduce.core.protocol.ReduceAssignment;
import dev.mapreduce.core.protocol.RegisterReply;
import dev.mapreduce.core.protocol.RegisterRequest;
import dev.mapreduce.core.protocol.ReportReply;
import dev.mapreduce.core.protocol.TaskReply;
import dev.mapreduce.core.protocol.TaskReport;
import dev.mapreduce.core.protocol.TaskRequest;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master of one job: owns task and worker state, hands out tasks when workers ask, detects
 * failed workers, reassigns their work, commits output and reports status. Every public call hops
 * onto the coordinator's {@link EventLoop}, so all state changes happen on one thread, in order.
 */
public final class Coordinator implements CoordinatorService {
  private static final Logger log = LoggerFactory.getLogger(Coordinator.class);
  private static final String NODE = "coordinator";
  private static final int RECENT_EVENTS = 20;

  private final Job job;
  private final Clock clock;
  private final EventLoop loop;
  private final Timings timings;
  private final FailureDetector detector;
  private final EventSink events;
  private final OutputCommitter committer;
  private final ZoneId zone;
  private final Map<String, String> jobDescriptor;

  private final List<TaskState> maps = new ArrayList<>();
  private final List<TaskState> reduces = new ArrayList<>();
  private final Map<String, TaskState> tasksByAttempt = new LinkedHashMap<>();
  private final Map<String, WorkerState> workers = new TreeMap<>();
  private final Deque<String> recentEvents = new ArrayDeque<>();
  private final CompletableFuture<JobResult> result = new CompletableFuture<>();
  private final CompletableFuture<Void> workersReleased = new CompletableFuture<>();
  private final java.util.Set<String> toldDone = new java.util.HashSet<>();
  private final List<EventLoop.Cancellable> timers = new ArrayList<>();

  private List<InputSplit> splits = List.of();
  private long startMillis;
  private long noLiveWorkerSince;
  private int reassignments;
  private long heartbeats;
  private Optional<String> failure = Optional.empty();
  private Optional<TaskState> failedTask = Optional.empty();
  private boolean finished;

  public Coordinator(
      Job job, Clock clock, EventLoop loop, Timings timings, FailureDetector detector, EventSink events) {
    this.job = job;
    this.clock = clock;
    this.loop = loop;
    this.timings = timings;
    this.detector = detector;
    this.events = events;
    this.committer = new OutputCommitter(job.output());
    this.zone = ZoneId.systemDefault();
    this.jobDescriptor = job.toDescriptor();
  }

  public Coordinator(Job job, Clock clock, EventLoop loop, Timings timings, EventSink events) {
    this(job, clock, loop, timings, new TimeoutFailureDetector(timings.failureTimeout()), events);
  }

  /**
   * Checks the inputs and the output directory, plans the tasks and starts the timers. Throws
   * {@link dev.mapreduce.core.api.InvalidJobException} before anything runs if the job cannot.
   */
  public void start() {
    List<InputSplit> splits = SplitPlanner.plan(job.inputs(), job.splitSize());
    committer.setUpJob();
    loop.execute(
        () -> {
          startMillis = clock.millis();
          noLiveWorkerSince = startMillis;
          for (int i = 0; i < splits.size(); i++) {
            maps.add(new TaskState(Kind.MAP, i));
          }
          for (int r = 0; r < job.reduceTasks(); r++) {
            reduces.add(new TaskState(Kind.REDUCE, r));
          }
          this.splits = List.copyOf(splits);
          event(
              "job '" + job.name() + "' started: " + maps.size() + " map tasks, "
                  + reduces.size() + " reduce tasks");
          timers.add(loop.scheduleEvery(timings.failureCheckInterval(), this::checkWorkers));
          timers.add(loop.scheduleEvery(timings.statusInterval(), this::logStatus));
          maybeFinish();
        });
  }

  /** Completes when the job has committed or failed. */
  public CompletableFuture<JobResult> result() {
    return result;
  }

  /**
   * Completes once every live worker has been told the job is over (after {@link #result()}), so a
   * coordinator process can exit without leaving workers to discover its absence.
   */
  public CompletableFuture<Void> workersReleased() {
    return workersReleased;
  }

  /** A consistent picture of the cluster, taken on the coordinator's loop. */
  public CompletableFuture<StatusSnapshot> status() {
    return onLoop(this::snapshot);
  }

  public Job job() {
    return job;
  }

  // ---- protocol -------------------------------------------------------------------------------

  @Override
  public CompletableFuture<RegisterReply> register(RegisterRequest req) {
    return onLoop(() -> handleRegister(req));
  }

  @Override
  public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest req) {
    return onLoop(() -> handleHeartbeat(req));
  }

  @Override
  public CompletableFuture<TaskReply> requestTask(TaskRequest req) {
    return onLoop(() -> handleTaskRequest(req));
  }

  @Override
  public CompletableFuture<ReportReply> report(TaskReport req) {
    return onLoop(() -> handleReport(req));
  }

  private <T> CompletableFuture<T> onLoop(Supplier<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            f.complete(body.get());
          } catch (RuntimeException e) {
            log.error("coordinator failed handling a request", e);
            f.completeExceptionally(e);
          }
        });
    return f;
  }

  private RegisterReply handleRegister(RegisterRequest req) {
    if (finished) {
      release(req.workerId());
      return new RegisterReply(false, Map.of(), timings.heartbeatInterval().toMillis());
    }
    WorkerState w = workers.get(req.workerId());
    if (w != null && w.incarnation == req.incarnation() && !w.failed) {
      // A duplicate of a registration already handled.
      detector.heard(w.id, clock.millis());
      return accepted();
    }
    if (w != null && !w.failed) {
      // The same name with a new incarnation: the old process is gone with its map outputs.
      markFailed(w, "re-registered as a new process");
    }
    boolean returning = w != null;
    w = new WorkerState(req.workerId(), req.shuffleAddress(), req.incarnation(), clock.now());
    workers.put(w.id, w);
    detector.heard(w.id, clock.millis());
    noLiveWorkerSince = -1;
    event(w.id + (returning ? " re-registered" : " registered") + " (shuffle at " + w.shuffleAddress + ")");
    return accepted();
  }

  private RegisterReply accepted() {
    return new RegisterReply(true, jobDescriptor, timings.heartbeatInterval().toMillis());
  }

  private HeartbeatReply handleHeartbeat(HeartbeatRequest req) {
    if (finished) {
      release(req.workerId());
      return new HeartbeatReply(Directive.JOB_DONE, List.of());
    }
    WorkerState w = workers.get(req.workerId());
    if (w == null || w.failed) {
      return new HeartbeatReply(Directive.REREGISTER, List.of());
    }
    touch(w);
    heartbeats++;
    List<String> abort = List.copyOf(w.toAbort);
    w.toAbort.clear();
    return new HeartbeatReply(Directive.OK, abort);
  }

  private TaskReply handleTaskRequest(TaskRequest req) {
    if (finished) {
      release(req.workerId());
      return TaskReply.directive(Directive.JOB_DONE);
    }
    WorkerState w = workers.get(req.workerId());
    if (w == null || w.failed) {
      return TaskReply.directive(Directive.REREGISTER);
    }
    touch(w);
    if (req.sequence() == w.lastRequestSequence && w.lastTaskReply != null) {
      return w.lastTaskReply; // a retry or a duplicate: the same answer, never a second task
    }
    if (req.sequence() < w.lastRequestSequence) {
      return TaskReply.waitFor(timings.idlePoll().toMillis());
    }
    // A worker asks only when idle, so anything it was running is gone (e.g. it was aborted).
    for (String attemptId : List.copyOf(w.runningAttempts)) {
      TaskState t = tasksByAttempt.get(attemptId);
      if (t != null) {
        endAttempt(t, attemptId);
        event(attemptId + " dropped: " + w.id + " asked for new work");
      }
    }
    TaskReply reply = assign(w);
    w.lastRequestSequence = req.sequence();
    w.lastTaskReply = reply;
    return reply;
  }

  private TaskReply assign(WorkerState w) {
    Optional<TaskState> pendingMap = maps.stream().filter(TaskState::isPending).findFirst();
    if (pendingMap.isPresent()) {
      TaskState t = pendingMap.get();
      String attemptId = startAttempt(t, w);
      return TaskReply.of(new MapAssignment(attemptId, t.index, t.attemptsStarted, splits.get(t.index)));
    }
    boolean mapsDone = maps.stream().allMatch(t -> t.completed.isPresent());
    if (mapsDone) {
      Optional<TaskState> pendingReduce = reduces.stream().filter(TaskState::isPending).findFirst();
      if (pendingReduce.isPresent()) {
        return reduceAssignment(pendingReduce.get(), w);
      }
    }
    Optional<TaskState> backup = speculationCandidate(mapsDone ? reduces : maps, w);
    if (backup.isPresent()) {
      TaskState t = backup.get();
      event("backup attempt for slow " + t.id + " on " + w.id);
      if (t.kind == Kind.MAP) {
        String attemptId = startAttempt(t, w);
        return TaskReply.of(new MapAssignment(attemptId, t.index, t.attemptsStarted, splits.get(t.index)));
      }
      return reduceAssignment(t, w);
    }
    return TaskReply.waitFor(timings.idlePoll().toMillis());
  }

  private TaskReply reduceAssignment(TaskState t, WorkerState w) {
    List<MapOutputLocation> sources = new ArrayList<>();
    for (TaskState m : maps) {
      TaskState.Completion c = m.completed.orElseThrow();
      sources.add(new MapOutputLocation(m.index, c.attemptId(), c.workerId(), c.shuffleAddress()));
    }
    String attemptId = startAttempt(t, w);
    return TaskReply.of(new ReduceAssignment(attemptId, t.index, t.attemptsStarted, sources));
  }

  /** Near the end of a phase, an idle worker may back up the slowest task (paper §3.6). */
  private Optional<TaskState> speculationCandidate(List<TaskState> phase, WorkerState w) {
    if (!job.speculative() || phase.stream().anyMatch(TaskState::isPending)) {
      return Optional.empty();
    }
    long now = clock.millis();
    long mean =
        (long) phase.stream()
            .filter(t -> t.completed.isPresent())
            .mapToLong(t -> t.durationMillis)
            .average()
            .orElse(0);
    long threshold = Math.max(timings.speculationAfter().toMillis(), mean * 3 / 2);
    return phase.stream()
        .filter(t -> t.completed.isEmpty() && t.running.size() == 1)
        .filter(t -> t.running.values().stream().noneMatch(a -> a.workerId().equals(w.id)))
        .filter(t -> now - t.running.values().iterator().next().startMillis() > threshold)
        .min((a, b) -> Long.compare(
            a.running.values().iterator().next().startMillis(),
            b.running.values().iterator().next().startMillis()));
  }

  private String startAttempt(TaskState t, WorkerState w) {
    String attemptId = t.newAttemptId();
    long now = clock.millis();
    t.running.put(attemptId, new TaskState.Attempt(attemptId, w.id, now));
    t.history.add(attemptId + "@" + w.id);
    if (t.firstStartMillis < 0) {
      t.firstStartMillis = now;
    }
    tasksByAttempt.put(attemptId, t);
    w.runningAttempts.add(attemptId);
    event(attemptId + " assigned to " + w.id);
    return attemptId;
  }

  private ReportReply handleReport(TaskReport req) {
    if (finished) {
      release(req.workerId());
      return new ReportReply(Directive.JOB_DONE, false);
    }
    WorkerState w = workers.get(req.workerId());
    if (w == null || w.failed) {
      return new ReportReply(Directive.REREGISTER, false);
    }
    touch(w);
    TaskState t = tasksByAttempt.get(req.attemptId());
    if (t == null
        || !t.running.containsKey(req.attemptId())
        || !t.running.get(req.attemptId()).workerId().equals(w.id)) {
      return new ReportReply(Directive.OK, false); // late, duplicate or stale: changes nothing
    }
    switch (req.outcome()) {
      case SUCCEEDED -> succeeded(t, req, w);
      case FAILED -> failed(t, req.attemptId(), req.error().orElse("unknown error"));
      case FETCH_FAILED -> fetchFailed(t, req, w);
    }
    maybeFinish();
    return new ReportReply(Directive.OK, true);
  }

  private void succeeded(TaskState t, TaskReport req, WorkerState w) {
    if (t.kind == Kind.REDUCE) {
      try {
        if (!committer.commitTask(req.attemptId(), t.index)) {
          failed(t, req.attemptId(), "its output file is missing from " + OutputCommitter.TEMPORARY);
          return;
        }
      } catch (IOException e) {
        failed(t, req.attemptId(), "commit failed: " + e);
        return;
      }
    }
    long now = clock.millis();
    TaskState.Attempt a = t.running.get(req.attemptId());
    endAttempt(t, req.attemptId());
    t.completed = Optional.of(new TaskState.Completion(req.attemptId(), w.id, w.shuffleAddress, now));
    t.counters = req.counters();
    t.durationMillis = now - a.startMillis();
    w.tasksCompleted++;
    for (String other : List.copyOf(t.running.keySet())) {
      TaskState.Attempt loser = t.running.get(other);
      endAttempt(t, other);
      WorkerState lw = workers.get(loser.workerId());
      if (lw != null) {
        lw.toAbort.add(other);
      }
      event(other + " discarded: " + req.attemptId() + " finished first");
    }
    event(req.attemptId() + " completed on " + w.id + (t.kind == Kind.REDUCE ? ", committed" : ""));
  }

  private void failed(TaskState t, String attemptId, String error) {
    String worker = t.running.containsKey(attemptId) ? t.running.get(attemptId).workerId() : "?";
    endAttempt(t, attemptId);
    t.failures++;
    t.lastError = Optional.of(error);
    event(attemptId + " failed on " + worker + ": " + error);
    // With a backup attempt still running, the task still has a chance: fail only when none is left.
    if (t.failures >= job.maxAttempts() && t.completed.isEmpty() && t.running.isEmpty()) {
      failJob(
          t,
          "Task " + t.id + " failed " + t.failures + " times (attempts: "
              + String.join(", ", t.history) + "); last error: " + error);
    } else if (t.isPending()) {
      reassignments++;
    }
  }

  private void fetchFailed(TaskState reduce, TaskReport req, WorkerState w) {
    endAttempt(reduce, req.attemptId());
    String mapAttempt = req.failedMapAttempt().orElse("");
    event(req.attemptId() + " could not fetch " + mapAttempt + ": " + req.error().orElse(""));
    TaskState map = tasksByAttempt.get(mapAttempt);
    if (map != null
        && map.completed.isPresent()
        && map.completed.get().attemptId().equals(mapAttempt)) {
      loseMapOutput(map, "fetch failure reported by " + w.id);
    }
    if (reduce.isPending()) {
      reassignments++;
    }
  }

  private void loseMapOutput(TaskState map, String why) {
    map.completed = Optional.empty();
    map.outputLosses++;
    reassignments++;
    event(map.id + " output lost (" + why + "), map task will run again");
    if (map.outputLosses > 3 * job.maxAttempts()) {
      failJob(map, "Task " + map.id + " lost its output " + map.outputLosses + " times (" + why + ")");
    }
  }

  private void endAttempt(TaskState t, String attemptId) {
    TaskState.Attempt a = t.running.remove(attemptId);
    if (a != null) {
      WorkerState w = workers.get(a.workerId());
      if (w != null) {
        w.runningAttempts.remove(attemptId);
      }
    }
  }

  private void touch(WorkerState w) {
    detector.heard(w.id, clock.millis());
    w.lastSeen = clock.now();
  }

  // ---- failure detection ----------------------------------------------------------------------

  private void checkWorkers() {
    if (finished) {
      return;
    }
    long now = clock.millis();
    for (String id : detector.suspects(now)) {
      WorkerState w = workers.get(id);
      if (w != null && !w.failed) {
        markFailed(w, "no heartbeat for " + formatSeconds(detector.silenceMillis(id, now)));
      }
    }
    boolean anyLive = workers.values().stream().anyMatch(w -> !w.failed);
    if (anyLive) {
      noLiveWorkerSince = -1;
    } else if (noLiveWorkerSince < 0) {
      noLiveWorkerSince = now;
    } else if (now - noLiveWorkerSince >= job.noWorkerTimeout().toMillis()) {
      failJob(
          null,
          "No live worker for " + formatSeconds(now - noLiveWorkerSince)
              + (workers.isEmpty() ? " (none ever registered)" : " (failed: " + String.join(", ", failedWorkers()) + ")"));
    }
    maybeFinish();
  }

  private void markFailed(WorkerState w, String why) {
    w.failed = true;
    detector.forget(w.id);
    int reassigned = 0;
    for (String attemptId : List.copyOf(w.runningAttempts)) {
      TaskState t = tasksByAttempt.get(attemptId);
      if (t != null && t.running.containsKey(attemptId)) {
        failed(t, attemptId, "worker " + w.id + " failed");
        reassigned++;
        if (finished) {
          return;
        }
      }
    }
    boolean reducesRemain = reduces.stream().anyMatch(t -> t.completed.isEmpty());
    if (reducesRemain) {
      for (TaskState m : maps) {
        if (m.completed.isPresent() && m.completed.get().workerId().equals(w.id)) {
          loseMapOutput(m, "its worker " + w.id + " failed");
          reassigned++;
          if (finished) {
            return;
          }
        }
      }
    }
    event(w.id + " FAILED (" + why + "), " + reassigned + " task(s) reassigned");
  }

  // ---- completion -----------------------------------------------------------------------------

  private void maybeFinish() {
    if (finished || failure.isPresent()) {
      return;
    }
    if (!reduces.stream().allMatch(t -> t.completed.isPresent())) {
      return;
    }
    try {
      committer.commitJob(summaryJson(true));
    } catch (IOException e) {
      failJob(null, "Could not write " + OutputCommitter.SUCCESS + ": " + e);
      return;
    }
    event("job '" + job.name() + "' committed to " + job.output());
    finish();
  }

  private void failJob(TaskState task, String reason) {
    if (finished) {
      return;
    }
    failure = Optional.of(reason);
    failedTask = Optional.ofNullable(task);
    event("job '" + job.name() + "' FAILED: " + reason);
    try {
      committer.abortJob();
    } catch (IOException e) {
      log.warn("Could not clean up {} after failure: {}", job.output(), e.toString());
    }
    finish();
  }

  /** Notes that a worker has been told the job is over. */
  private void release(String workerId) {
    toldDone.add(workerId);
    boolean all =
        workers.values().stream().filter(w -> !w.failed).allMatch(w -> toldDone.contains(w.id));
    if (all) {
      workersReleased.complete(null);
    }
  }

  private void finish() {
    finished = true;
    if (workers.values().stream().allMatch(w -> w.failed)) {
      workersReleased.complete(null);
    }
    timers.forEach(EventLoop.Cancellable::cancel);
    log.info("\n{}", StatusBlock.render(snapshot(), zone));
    result.complete(buildResult());
  }

  private JobResult buildResult() {
    List<JobResult.TaskSummary> summaries = new ArrayList<>();
    for (TaskState t : (Iterable<TaskState>) allTasks()::iterator) {
      summaries.add(
          new JobResult.TaskSummary(
              t.id,
              t.attemptsStarted,
              t.completed.map(TaskState.Completion::workerId),
              Duration.ofMillis(t.durationMillis),
              t.lastError));
    }
    return new JobResult(
        job.name(),
        job.output(),
        failure,
        totals(),
        summaries,
        reassignments,
        failedWorkers(),
        Duration.ofMillis(clock.millis() - startMillis));
  }

  private Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    for (TaskState t : (Iterable<TaskState>) allTasks()::iterator) {
      if (t.completed.isPresent()) {
        t.counters.forEach((k, v) -> totals.merge(k, v, Long::sum));
      }
    }
    return totals;
  }

  private List<String> failedWorkers() {
    return workers.values().stream().filter(w -> w.failed).map(w -> w.id).toList();
  }

  private String summaryJson(boolean success) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("job", job.name());
    s.put("success", success);
    s.put("mapTasks", maps.size());
    s.put("reduceTasks", reduces.size());
    s.put("attempts", allTasks().mapToInt(t -> t.attemptsStarted).sum());
    s.put("reassignments", reassignments);
    s.put("failedWorkers", failedWorkers());
    s.put("counters", totals());
    s.put("durationMillis", clock.millis() - startMillis);
    return new GsonBuilder().setPrettyPrinting().create().toJson(s) + "\n";
  }

  private Stream<TaskState> allTasks() {
    return Stream.concat(maps.stream(), reduces.stream());
  }

  // ---- status ---------------------------------------------------------------------------------

  private void logStatus() {
    log.info("\n{}", StatusBlock.render(snapshot(), zone));
  }

  private StatusSnapshot snapshot() {
    Phase phase;
    if (failure.isPresent()) {
      phase = Phase.FAILED;
    } else if (finished) {
      phase = Phase.DONE;
    } else if (maps.stream().allMatch(t -> t.completed.isPresent())) {
      phase = Phase.REDUCE;
    } else {
      phase = Phase.MAP;
    }
    List<StatusSnapshot.WorkerView> views = new ArrayList<>();
    for (WorkerState w : workers.values()) {
      String state = w.failed ? "FAILED" : w.runningAttempts.isEmpty() ? "idle" : "busy";
      views.add(new StatusSnapshot.WorkerView(w.id, state, w.lastSeen, w.tasksCompleted));
    }
    return new StatusSnapshot(
        job.name(), clock.now(), phase, views, counts(maps), counts(reduces), reassignments,
        List.copyOf(recentEvents), totals(), allTasks().mapToInt(t -> t.attemptsStarted).sum(),
        heartbeats, clock.millis() - startMillis);
  }

  private StatusSnapshot.TaskCounts counts(List<TaskState> tasks) {
    int pending = 0, running = 0, completed = 0, failedCount = 0;
    for (TaskState t : tasks) {
      boolean failedHere = failedTask.isPresent() && failedTask.get() == t;
      switch (t.status(failedHere)) {
        case PENDING -> pending++;
        case RUNNING -> running++;
        case COMPLETED -> completed++;
        case FAILED -> failedCount++;
      }
    }
    return new StatusSnapshot.TaskCounts(pending, running, completed, failedCount);
  }

  private void event(String description) {
    long now = clock.millis();
    // Routine assignments and completions are DEBUG; failures, registrations and the job's
    // start and end are what an operator reads at INFO.
    boolean routine =
        description.contains(" assigned to ") || description.contains(" completed on ");
    if (routine) {
      log.debug(description);
    } else {
      log.info(description);
    }
    recentEvents.addLast(clock.now() + " " + description);
    while (recentEvents.size() > RECENT_EVENTS) {
      recentEvents.removeFirst();
    }
    events.event(now, NODE, description);
  }

  private static String formatSeconds(long millis) {
    return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
