package dev.mapreduce.core.worker;

import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent.WorkerStep.Step;
import dev.mapreduce.core.internal.protocol.CoordinatorService;
import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.ShuffleClient;
import dev.mapreduce.core.internal.protocol.ShuffleService;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import dev.mapreduce.core.time.TaskRunner;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers with a coordinator, heartbeats, runs map and reduce attempts one at a time,
 * serves its map outputs to reducers and reports results, until told the job is over. Start it,
 * wait on {@link #exit()}; tests may {@link #crash()} it. Its parts (session, attempt executor,
 * shuffle fetcher, map output store, work directory) live in package-private classes and change
 * state only on its {@link EventLoop}; the public methods hop onto it.
 */
public final class WorkerNode {
  private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);

  /** Why a worker stopped. */
  public enum Exit {
    JOB_DONE,
    COORDINATOR_LOST,
    CRASHED,
    HALTED,
    /** An internal error: an exception escaped the worker's loop (logged with its cause). */
    FAILED
  }

  private final WorkerContext w;
  private final CoordinatorSession session;
  private final CompletableFuture<Exit> exit = new CompletableFuture<>();
  private boolean terminated;

  public WorkerNode(
      String id,
      String shuffleAddress,
      CoordinatorService coordinator,
      ShuffleClient shuffle,
      EventLoop loop,
      TaskRunner runner,
      Clock clock,
      Timings timings,
      WorkerOptions options,
      EventSink events) {
    this.w = new WorkerContext(id, loop, runner, clock, timings, options, events);
    this.session = new CoordinatorSession(w, shuffleAddress, coordinator, this::terminate);
    session.attach(new AttemptExecutor(w, session, shuffle));
  }

  public String id() {
    return w.id;
  }

  /** The service a transport exposes at this worker's shuffle address. */
  public ShuffleService shuffleService() {
    return req -> {
      CompletableFuture<FetchReply> f = new CompletableFuture<>();
      w.loop.execute(() -> f.complete(w.stopped ? FetchReply.notFound() : w.mapOutputs.serve(req)));
      return f;
    };
  }

  /** The last error seen talking to the coordinator (empty if none): why it may be unreachable. */
  public String lastCoordinatorError() {
    return session.lastError();
  }

  /** True once a coordinator has accepted this worker (false if it only ever heard "job over"). */
  public boolean everAccepted() {
    return session.everAccepted();
  }

  /** Completes when the worker stops, with the reason. */
  public CompletableFuture<Exit> exit() {
    return exit;
  }

  /**
   * Claims a fresh directory under the work dir (cleaning this worker name's dead ones) and starts
   * registering. Throws if the work dir cannot be used.
   */
  public void start() {
    w.workDirectory = WorkDirectory.claim(w.options.workDir(), w.id);
    w.loop.onFailure(this::failOnLoop);
    w.loop.execute(session::start);
  }

  /**
   * Dies abruptly, as a killed process would: from this call on it answers nothing and starts
   * nothing; its files stay on disk and its map outputs are no longer served. Safe from any thread.
   */
  public void crash() {
    if (w.stopped) {
      return;
    }
    w.stopped = true;
    w.loop.execute(
        () -> {
          w.step(Step.CRASHED, "");
          terminate(Exit.CRASHED);
        });
  }

  /** Stops politely (used by embedded clusters at shutdown). */
  public void stop() {
    w.loop.execute(() -> terminate(Exit.JOB_DONE));
  }

  /**
   * Stops the worker for good, on its loop. A crashed or halted worker leaves its files, as a
   * killed process would; otherwise it deletes what it created. Whatever cleanup throws, the loop
   * and the task runner are shut down and {@link #exit()} completes: a stopped worker never hangs.
   */
  private void terminate(Exit why) {
    if (terminated) {
      return;
    }
    terminated = true;
    w.stopped = true;
    try {
      session.stopHeartbeats();
      w.current.ifPresent(AttemptContext::kill);
      if (why == Exit.CRASHED || why == Exit.HALTED) {
        if (w.workDirectory != null) {
          w.workDirectory.abandon();
        }
      } else {
        w.dropLocalState();
        if (w.workDirectory != null) {
          w.workDirectory.release();
        }
      }
    } catch (RuntimeException e) {
      log.error("{}: cleanup at exit failed", w.id, e);
    } finally {
      w.loop.shutdown();
      w.runner.shutdown();
      exit.complete(why);
    }
  }

  /** An exception escaped a task on this worker's loop: a bug. Stop loudly instead of hanging. */
  private void failOnLoop(Throwable error) {
    log.error("{}: unexpected error on its event loop; the worker stops", w.id, error);
    w.step(Step.INTERNAL_ERROR, WorkerContext.describe(error));
    terminate(Exit.FAILED);
  }
}
