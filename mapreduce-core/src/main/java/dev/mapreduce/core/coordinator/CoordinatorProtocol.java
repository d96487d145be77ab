package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.Directive;
import dev.mapreduce.core.internal.protocol.HeartbeatReply;
import dev.mapreduce.core.internal.protocol.HeartbeatRequest;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.ReportReply;
import dev.mapreduce.core.internal.protocol.TaskReply;
import dev.mapreduce.core.internal.protocol.TaskReport;
import dev.mapreduce.core.internal.protocol.TaskRequest;
import dev.mapreduce.core.time.EventLoop;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's side of the worker protocol: every request hops onto the coordinator's loop and
 * is admitted once, here: after the job's end every caller hears JOB_DONE; a worker that is unknown
 * or held FAILED hears REREGISTER (its requests change nothing); only a live worker's request
 * reaches the job's rules in {@link JobRun}.
 */
final class CoordinatorProtocol implements CoordinatorService {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorProtocol.class);

  private final EventLoop loop;
  private final Supplier<Optional<JobRun>> run;
  private final Map<String, String> jobDescriptor;
  private final long heartbeatMillis;
  private final long idlePollMillis;
  private final Function<RuntimeException, Void> onBug;
  private long heartbeats;

  CoordinatorProtocol(
      EventLoop loop,
      Supplier<Optional<JobRun>> run,
      Map<String, String> jobDescriptor,
      long heartbeatMillis,
      long idlePollMillis,
      Function<RuntimeException, Void> onBug) {
    this.loop = loop;
    this.run = run;
    this.jobDescriptor = jobDescriptor;
    this.heartbeatMillis = heartbeatMillis;
    this.idlePollMillis = idlePollMillis;
    this.onBug = onBug;
  }

  @Override
  public CompletableFuture<RegisterReply> register(RegisterRequest req) {
    return onLoop(
        r -> {
          if (r.finished()) {
            r.release(req.workerId());
            return new RegisterReply(false, Map.of(), heartbeatMillis);
          }
          if (!r.register(req.workerId(), req.shuffleAddress(), req.incarnation())) {
            log.warn(
                "worker {}: registration from an older process (incarnation {}) refused",
                req.workerId(),
                req.incarnation());
            return new RegisterReply(false, Map.of(), heartbeatMillis);
          }
          return new RegisterReply(true, jobDescriptor, heartbeatMillis);
        },
        // Not started yet: the worker retries its registration.
        () -> null);
  }

  @Override
  public CompletableFuture<HeartbeatReply> heartbeat(HeartbeatRequest req) {
    return admitted(
        req.workerId(),
        new HeartbeatReply(Directive.JOB_DONE, List.of()),
        new HeartbeatReply(Directive.REREGISTER, List.of()),
        (r, w) -> {
          heartbeats++;
          return new HeartbeatReply(Directive.OK, r.unwanted(w, req.runningAttempts()));
        });
  }

  @Override
  public CompletableFuture<TaskReply> requestTask(TaskRequest req) {
    return admitted(
        req.workerId(),
        TaskReply.directive(Directive.JOB_DONE),
        TaskReply.directive(Directive.REREGISTER),
        (r, w) -> {
          if (req.sequence() == w.lastRequestSequence && w.lastTaskReply != null) {
            return w.lastTaskReply; // a retry or a duplicate: the same answer, never a second task
          }
          if (req.sequence() < w.lastRequestSequence) {
            return TaskReply.waitFor(idlePollMillis); // an old request overtaken by a newer one
          }
          TaskReply reply = r.assign(w);
          w.lastRequestSequence = req.sequence();
          w.lastTaskReply = reply;
          return reply;
        });
  }

  @Override
  public CompletableFuture<ReportReply> report(TaskReport req) {
    return admitted(
        req.workerId(),
        new ReportReply(Directive.JOB_DONE, false),
        new ReportReply(Directive.REREGISTER, false),
        (r, w) -> new ReportReply(Directive.OK, r.report(w, req)));
  }

  /** Heartbeats admitted so far (for the status page); read on the loop. */
  long heartbeats() {
    return heartbeats;
  }

  private interface Handler<T> {
    T handle(JobRun run, WorkerState worker);
  }

  private <T> CompletableFuture<T> admitted(String workerId, T done, T reregister, Handler<T> h) {
    return onLoop(
        r -> {
          if (r.finished()) {
            r.release(workerId);
            return done;
          }
          Optional<WorkerState> w = r.members.live(workerId);
          if (w.isEmpty()) {
            return reregister;
          }
          r.heard(w.get());
          return h.handle(r, w.get());
        },
        () -> reregister);
  }

  /**
   * Runs a handler on the loop. Before the job has started nothing is admitted ({@code early}
   * answers; null means no answer, so the caller times out and retries). An exception here is a bug
   * in the coordinator: it fails the job with the reason rather than leaving it to hang.
   */
  private <T> CompletableFuture<T> onLoop(Function<JobRun, T> body, Supplier<T> early) {
    CompletableFuture<T> f = new CompletableFuture<>();
    loop.execute(
        () -> {
          try {
            Optional<JobRun> r = run.get();
            T reply = r.isPresent() ? body.apply(r.get()) : early.get();
            if (reply != null) {
              f.complete(reply);
            }
          } catch (RuntimeException e) {
            f.completeExceptionally(e);
            onBug.apply(e);
          }
        });
    return f;
  }
}
