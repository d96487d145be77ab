package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.config.Timings;
import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.events.JobEvent.LocalAttemptStep;
import dev.mapreduce.core.events.JobEvent.WorkerStep;
import dev.mapreduce.core.internal.io.DiskFaults;
import dev.mapreduce.core.internal.io.FileTrees;
import dev.mapreduce.core.internal.protocol.AttemptIds;
import dev.mapreduce.core.internal.text.EventLog;
import dev.mapreduce.core.internal.text.PathFree;
import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import dev.mapreduce.core.time.TaskRunner;
import dev.mapreduce.core.worker.WorkerHooks.Point;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a worker's parts (its session with the coordinator, its attempt executor, its shuffle
 * fetcher) share: its identity and services, and the state they change, all on the worker's loop
 * except {@link #stopped}, which a crash sets from any thread.
 */
final class WorkerContext {
  private static final Logger log = LoggerFactory.getLogger(WorkerNode.class);

  final String id;
  final EventLoop loop;
  final TaskRunner runner;
  final Clock clock;
  final Timings timings;
  final WorkerOptions options;
  private final EventSink events;
  final MapOutputStore mapOutputs = new MapOutputStore();

  /** Once true the worker answers nothing and starts nothing; set first by any way of stopping. */
  volatile boolean stopped;

  /** Which registration with the coordinator is current; callbacks of older ones are dropped. */
  int generation;

  /** The job, once a coordinator sent it. */
  Job job;

  /** The attempt running now, if any (a worker runs one at a time). */
  Optional<AttemptContext> current = Optional.empty();

  WorkDirectory workDirectory;

  WorkerContext(
      String id,
      EventLoop loop,
      TaskRunner runner,
      Clock clock,
      Timings timings,
      WorkerOptions options,
      EventSink events) {
    this.id = id;
    this.loop = loop;
    this.runner = runner;
    this.clock = clock;
    this.timings = timings;
    this.options = options;
    this.events = events;
  }

  /**
   * Runs {@code action} as a task of this worker's loop once {@code f} completes. Not {@code
   * whenCompleteAsync}: a future swallows what its callback throws, while a loop task's exception
   * reaches the loop's failure handler and stops the worker loudly.
   */
  <T> void onLoopWhenDone(CompletableFuture<T> f, BiConsumer<T, Throwable> action) {
    f.whenComplete((value, error) -> loop.execute(() -> action.accept(value, error)));
  }

  /** True while callbacks of registration {@code gen} may still act. */
  boolean live(int gen) {
    return !stopped && gen == generation;
  }

  boolean isCurrent(AttemptContext ctx) {
    return current.filter(c -> c == ctx).isPresent();
  }

  void hook(Point point, String attemptId) {
    if (!stopped) {
      options.hooks().reached(id, point, attemptId);
    }
  }

  // ---- local files ----------------------------------------------------------------------------

  /** A fresh directory for one attempt in this session; never one an earlier job left. */
  Path attemptDir(int gen, String attemptId) throws IOException {
    Path dir = workDirectory.session(gen).resolve(AttemptIds.requireValid(attemptId));
    Files.createDirectory(dir);
    return dir;
  }

  void deleteAttemptDir(int gen, String attemptId) {
    if (AttemptIds.isValid(attemptId)) {
      deleteQuietly(workDirectory.sessionPath(gen).resolve(attemptId));
    }
  }

  /** Forgets this session's attempt and map outputs, and deletes its files. */
  void dropLocalState() {
    current.ifPresent(AttemptContext::abort);
    current = Optional.empty();
    mapOutputs.clear();
    if (workDirectory != null) {
      deleteQuietly(workDirectory.sessionPath(generation));
    }
  }

  /** Best effort: a failed delete leaves garbage, never a stuck or failed worker. */
  void deleteQuietly(Path p) {
    try {
      options.diskFaults().before(DiskFaults.Op.DELETE, id, p);
      FileTrees.delete(p);
    } catch (IOException | RuntimeException e) {
      log.warn("{}: could not delete {}: {}", id, p, e.toString());
    }
  }

  /** Error text with the job's and this worker's directories named, not spelled out. */
  String pathFree(String text) {
    String out = job == null ? text : PathFree.of(text, job);
    if (workDirectory != null) {
      out = PathFree.replace(out, workDirectory.root(), "WORKDIR");
    }
    return PathFree.replace(out, options.workDir(), "WORKDIR");
  }

  // ---- events ---------------------------------------------------------------------------------

  void step(WorkerStep.Step step, String detail) {
    emit(new WorkerStep(id, step, detail));
  }

  void attemptStep(String attemptId, LocalAttemptStep.Step step, String detail) {
    emit(new LocalAttemptStep(id, attemptId, step, detail));
  }

  private void emit(JobEvent e) {
    EventLog.publish(log, events, clock.millis(), id, e);
  }

  static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder(t.toString());
    Throwable c = t.getCause();
    while (c != null && c != t) {
      b.append(" caused by ").append(c);
      t = c;
      c = c.getCause();
    }
    return b.toString();
  }
}
