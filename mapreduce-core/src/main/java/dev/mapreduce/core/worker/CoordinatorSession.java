package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.events.JobEvent.WorkerStep.Step;
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
import dev.mapreduce.core.worker.WorkerHooks.Point;
import dev.mapreduce.core.worker.WorkerNode.Exit;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's side of the protocol: registration (a new generation each time), heartbeats, task
 * requests and reports. Every call times out and is retried until answered or until this generation
 * ends; a coordinator silent for too long makes the worker give up. Loop only.
 */
final class CoordinatorSession {
  private static final Logger log = LoggerFactory.getLogger(CoordinatorSession.class);
  private final WorkerContext w;
  private final String shuffleAddress;
  private final CoordinatorService coordinator;
  private final Consumer<Exit> terminate;
  private AttemptExecutor executor;
  private long incarnation;
  private long requestSequence;
  private long lastReplyMillis;
  private int tasksReported;
  private Map<String, String> jobDescriptor = Map.of();
  private EventLoop.Cancellable heartbeatTimer;
  private volatile String lastError = "";
  private volatile boolean everAccepted;

  CoordinatorSession(
      WorkerContext w,
      String shuffleAddress,
      CoordinatorService coordinator,
      Consumer<Exit> terminate) {
    this.w = w;
    this.shuffleAddress = shuffleAddress;
    this.coordinator = coordinator;
    this.terminate = terminate;
  }

  void attach(AttemptExecutor executor) {
    this.executor = executor;
  }

  String lastError() {
    return lastError;
  }

  boolean everAccepted() {
    return everAccepted;
  }

  void start() {
    lastReplyMillis = w.clock.millis();
    register();
  }

  void stopHeartbeats() {
    if (heartbeatTimer != null) {
      heartbeatTimer.cancel();
    }
  }

  // ---- registration and heartbeats ------------------------------------------------------------

  private void register() {
    w.generation++;
    incarnation = w.clock.millis() * 1000 + w.generation;
    int gen = w.generation;
    RegisterRequest req = new RegisterRequest(w.id, shuffleAddress, incarnation);
    callWithRetry(gen, () -> coordinator.register(req), reply -> onRegistered(gen, reply));
  }

  private void onRegistered(int gen, RegisterReply reply) {
    if (!reply.accepted()) {
      w.step(Step.TOLD_JOB_OVER, "registration refused");
      terminate.accept(Exit.JOB_DONE);
      return;
    }
    if (w.job == null || !jobDescriptor.equals(reply.job())) {
      try {
        w.job = Job.fromDescriptor(reply.job(), Thread.currentThread().getContextClassLoader());
        jobDescriptor = reply.job();
      } catch (RuntimeException e) {
        w.step(Step.CANNOT_LOAD_JOB, String.valueOf(e.getMessage()));
        terminate.accept(Exit.COORDINATOR_LOST);
        return;
      }
    }
    everAccepted = true;
    w.step(Step.REGISTERED, "");
    stopHeartbeats();
    heartbeatTimer =
        w.loop.scheduleEvery(Duration.ofMillis(reply.heartbeatIntervalMillis()), this::heartbeat);
    w.hook(Point.REGISTERED, "");
    if (!w.stopped) {
      requestTask(gen);
    }
  }

  private void heartbeat() {
    executor.checkProgress();
    int gen = w.generation;
    List<String> running = w.current.map(c -> List.of(c.attemptId)).orElse(List.of());
    w.onLoopWhenDone(
        withTimeout(coordinator.heartbeat(new HeartbeatRequest(w.id, running))),
        (reply, error) -> onHeartbeatReply(gen, reply, error));
  }

  private void onHeartbeatReply(int gen, HeartbeatReply reply, Throwable error) {
    if (!w.live(gen)) {
      return;
    }
    if (error != null) {
      // Debug only: scripts/test-multihost.sh counts these to see workers ride out a cut link.
      if (log.isDebugEnabled()) {
        log.debug(
            "{}: heartbeat unanswered ({})",
            w.id,
            WorkerContext.describe(WorkerContext.unwrap(error)));
      }
      checkCoordinatorLost();
      return;
    }
    lastReplyMillis = w.clock.millis();
    if (onDirective(reply.directive())) {
      return;
    }
    // The coordinator repeats these on every heartbeat until the attempt is gone: a lost reply
    // loses no abort.
    for (String a : reply.abortAttempts()) {
      w.current
          .filter(c -> c.attemptId.equals(a) && !c.aborted())
          .ifPresent(
              c -> {
                w.attemptStep(
                    a, LocalAttemptStep.Step.ABORTED, "the coordinator no longer wants it");
                c.abort();
              });
    }
  }

  /** Returns true if the directive ended this generation (the caller must stop). */
  private boolean onDirective(Directive d) {
    switch (d) {
      case OK -> {
        return false;
      }
      case JOB_DONE -> {
        w.step(Step.TOLD_JOB_OVER, "");
        terminate.accept(Exit.JOB_DONE);
        return true;
      }
      case REREGISTER -> {
        w.step(Step.TOLD_TO_REREGISTER, "dropping local state");
        w.dropLocalState();
        register();
        return true;
      }
    }
    return false;
  }

  // ---- tasks ----------------------------------------------------------------------------------

  void requestTask(int gen) {
    long seq = ++requestSequence;
    callWithRetry(
        gen,
        () -> coordinator.requestTask(new TaskRequest(w.id, seq)),
        reply -> onTaskReply(gen, reply));
  }

  private void onTaskReply(int gen, TaskReply reply) {
    if (onDirective(reply.directive())) {
      return;
    }
    if (reply.map().isPresent()) {
      executor.runMap(gen, reply.map().get());
    } else if (reply.reduce().isPresent()) {
      executor.runReduce(gen, reply.reduce().get());
    } else {
      w.loop.schedule(
          Duration.ofMillis(Math.max(1, reply.retryAfterMillis())),
          () -> {
            if (w.live(gen)) {
              requestTask(gen);
            }
          });
    }
  }

  /** Reports an attempt's end, then (once acknowledged) runs {@code afterAck} and asks for more. */
  void report(int gen, TaskReport report, Runnable afterAck) {
    callWithRetry(
        gen,
        () -> coordinator.report(report),
        (ReportReply reply) -> {
          if (onDirective(reply.directive())) {
            return;
          }
          if (report.outcome() == TaskReport.Outcome.SUCCEEDED) {
            tasksReported++;
            w.attemptStep(report.attemptId(), LocalAttemptStep.Step.REPORTED, "");
          }
          afterAck.run();
          if (w.stopped) {
            return;
          }
          if (w.options.failAfter().isPresent()
              && tasksReported >= w.options.failAfter().getAsInt()) {
            w.step(Step.HALTED, "after " + tasksReported + " tasks (--fail-after)");
            w.options.halt().run();
            terminate.accept(Exit.HALTED);
            return;
          }
          requestTask(gen);
        });
  }

  // ---- plumbing -------------------------------------------------------------------------------

  /**
   * Sends a call, retrying after a timeout or error until it is answered or this generation ends.
   */
  private <T> void callWithRetry(
      int gen, Supplier<CompletableFuture<T>> send, Consumer<T> onReply) {
    if (!w.live(gen)) {
      return;
    }
    w.onLoopWhenDone(
        withTimeout(send.get()),
        (reply, error) -> {
          if (!w.live(gen)) {
            return;
          }
          if (error != null) {
            lastError = WorkerContext.describe(WorkerContext.unwrap(error));
            log.debug("{}: call to the coordinator unanswered ({}), retrying", w.id, lastError);
            if (!checkCoordinatorLost()) {
              w.loop.schedule(w.timings.idlePoll(), () -> callWithRetry(gen, send, onReply));
            }
            return;
          }
          lastReplyMillis = w.clock.millis();
          onReply.accept(reply);
        });
  }

  /** The future, or a {@link TimeoutException} after the RPC timeout, whichever comes first. */
  <T> CompletableFuture<T> withTimeout(CompletableFuture<T> f) {
    CompletableFuture<T> out = new CompletableFuture<>();
    EventLoop.Cancellable timer =
        w.loop.schedule(
            w.timings.rpcTimeout(),
            () -> out.completeExceptionally(new TimeoutException("no reply")));
    f.whenComplete(
        (v, e) -> {
          timer.cancel();
          if (e != null) {
            out.completeExceptionally(e);
          } else {
            out.complete(v);
          }
        });
    return out;
  }

  private boolean checkCoordinatorLost() {
    long silent = w.clock.millis() - lastReplyMillis;
    if (silent < w.timings.coordinatorLostAfter().toMillis()) {
      return false;
    }
    w.step(
        Step.COORDINATOR_LOST,
        "unreachable for "
            + silent
            + " ms, giving up"
            + (lastError.isEmpty() ? "" : " (last error: " + lastError + ")"));
    terminate.accept(Exit.COORDINATOR_LOST);
    return true;
  }
}
