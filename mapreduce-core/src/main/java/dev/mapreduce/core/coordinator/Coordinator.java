package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.coordinator.StatusSnapshot.Phase;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.io.SplitPlanner;
import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.text.EventLog;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master of one job. Start it, watch its {@link #status()} and {@link #result()}; a transport
 * serves its {@link #service()} to workers. Everything it does happens on its {@link EventLoop}:
 * the rules live in package-private classes (task and attempt state machines, membership, the
 * scheduler, the commit), so this type only wires them up and answers the user.
 */
public final class Coordinator {
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
  private final ZoneId zone = ZoneId.systemDefault();
  private final Deque<String> recentEvents = new ArrayDeque<>();
  private final CompletableFuture<JobResult> result = new CompletableFuture<>();
  private final CompletableFuture<Void> workersReleased = new CompletableFuture<>();
  private final List<EventLoop.Cancellable> timers = new ArrayList<>();
  private final CoordinatorProtocol protocol;
  private Optional<JobRun> run = Optional.empty();

  public Coordinator(
      Job job,
      Clock clock,
      EventLoop loop,
      Timings timings,
      FailureDetector detector,
      EventSink events) {
    this(job, clock, loop, timings, detector, events, DiskFaults.NONE);
  }

  /** With disk faults injected into the output commit (for simulations). */
  public Coordinator(
      Job job,
      Clock clock,
      EventLoop loop,
      Timings timings,
      FailureDetector detector,
      EventSink events,
      DiskFaults diskFaults) {
    this.job = job;
    this.clock = clock;
    this.loop = loop;
    this.timings = timings;
    this.detector = detector;
    this.events = events;
    this.committer =
        new OutputCommitter(job.output(), diskFaults, job.newOutputFormat().extension());
    this.protocol =
        new CoordinatorProtocol(
            loop,
            () -> run,
            job.toDescriptor(),
            timings.heartbeatInterval().toMillis(),
            timings.idlePoll().toMillis(),
            e -> {
              internalError(e);
              return null;
            });
  }

  public Coordinator(Job job, Clock clock, EventLoop loop, Timings timings, EventSink events) {
    this(job, clock, loop, timings, new TimeoutFailureDetector(timings.failureTimeout()), events);
  }

  /**
   * Checks the inputs and the output directory, plans the tasks and starts the timers. Throws
   * {@link dev.mapreduce.core.api.InvalidJobException} before anything runs if the job cannot.
   */
  public void start() {
    List<InputSplit> splits = SplitPlanner.plan(job);
    committer.setUpJob();
    loop.onFailure(this::internalError);
    loop.execute(
        () -> {
          JobRun r = new JobRun(job, splits, clock, timings, detector, committer, this::emit);
          r.result.whenComplete((res, e) -> onFinished(res));
          r.workersReleased.whenComplete((v, e) -> workersReleased.complete(null));
          run = Optional.of(r);
          emit(new JobEvent.JobStarted(job.name(), splits.size(), job.reduceTasks()));
          timers.add(loop.scheduleEvery(timings.failureCheckInterval(), r::checkWorkers));
          timers.add(loop.scheduleEvery(timings.statusInterval(), this::logStatus));
          r.maybeFinish();
        });
  }

  /**
   * Undoes what {@link #start()} prepared when the job cannot go on before any worker was served
   * (say, its port is taken): the output directory is left as it was found, so a rerun works.
   */
  public void abandon() {
    committer.undoSetUp();
  }

  /** What a transport serves to workers. Not for users: its messages are internal. */
  public CoordinatorService service() {
    return protocol;
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
    CompletableFuture<StatusSnapshot> f = new CompletableFuture<>();
    loop.execute(() -> f.complete(snapshot()));
    return f;
  }

  public Job job() {
    return job;
  }

  private void onFinished(JobResult r) {
    try {
      timers.forEach(EventLoop.Cancellable::cancel);
      log.info("\n{}", StatusBlock.render(snapshot(), zone));
    } catch (RuntimeException e) {
      log.warn("could not log the final status", e);
    } finally {
      result.complete(r); // whatever else fails, whoever waits for the job hears how it ended
    }
  }

  /** An exception escaped the coordinator's loop: a bug. The job fails with it, never hangs. */
  private void internalError(Throwable e) {
    log.error("internal error in the coordinator; failing the job", e);
    run.ifPresentOrElse(
        r -> r.failJob("internal error in the coordinator: " + e),
        () -> result.completeExceptionally(e));
  }

  private void emit(JobEvent e) {
    recentEvents.addLast(clock.now() + " " + e.describe());
    while (recentEvents.size() > RECENT_EVENTS) {
      recentEvents.removeFirst();
    }
    EventLog.publish(log, events, clock.millis(), NODE, e);
  }

  private void logStatus() {
    log.info("\n{}", StatusBlock.render(snapshot(), zone));
  }

  private StatusSnapshot snapshot() {
    if (run.isEmpty()) {
      StatusSnapshot.TaskCounts none = new StatusSnapshot.TaskCounts(0, 0, 0, 0);
      return new StatusSnapshot(
          job.name(),
          clock.now(),
          Phase.MAP,
          List.of(),
          none,
          none,
          0,
          List.copyOf(recentEvents),
          Map.of(),
          0,
          protocol.heartbeats(),
          0);
    }
    JobRun r = run.get();
    Phase phase =
        r.failure().isPresent()
            ? Phase.FAILED
            : r.finished() ? Phase.DONE : r.tasks.mapsDone() ? Phase.REDUCE : Phase.MAP;
    List<StatusSnapshot.WorkerView> views = new ArrayList<>();
    for (WorkerState w : r.members.all()) {
      String state =
          w.failed()
              ? "FAILED"
              : r.members.excluded(w)
                  ? "EXCLUDED"
                  : r.tasks.runningOn(w.id).isEmpty() ? "idle" : "busy";
      views.add(new StatusSnapshot.WorkerView(w.id, state, w.lastSeen, w.tasksCompleted));
    }
    return new StatusSnapshot(
        job.name(),
        clock.now(),
        phase,
        views,
        r.tasks.counts(r.tasks.maps),
        r.tasks.counts(r.tasks.reduces),
        r.tasks.reassignments(),
        List.copyOf(recentEvents),
        r.tasks.totals(),
        r.tasks.attemptsStarted(),
        protocol.heartbeats(),
        r.elapsedMillis());
  }
}
