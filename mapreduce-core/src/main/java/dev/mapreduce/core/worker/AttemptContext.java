package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Counter;
import dev.mapreduce.core.api.TaskInfo;
import dev.mapreduce.core.internal.io.TaskCounters;
import java.util.concurrent.Callable;

/**
 * What a running attempt's body shares with its worker: counters, progress, the abort flag and the
 * thread running the body (so a stuck body can be interrupted).
 */
final class AttemptContext {
  final String attemptId;
  final TaskInfo info;
  final TaskCounters counters = new TaskCounters();
  private volatile boolean aborted;
  private volatile Thread bodyThread;
  // Written by the body's thread on every record, read by the worker's loop now and then: a plain
  // field, because a stale read only delays the stuck-task check by one round.
  private long progress;
  private long lastSeenProgress = -1;
  private long lastProgressMillis;

  private final Runnable bodyPoint;

  AttemptContext(String attemptId, TaskInfo info) {
    this(attemptId, info, null);
  }

  /**
   * {@code bodyPoint} runs on the body's thread every few records (a test's crash point), or is
   * null.
   */
  AttemptContext(String attemptId, TaskInfo info, Runnable bodyPoint) {
    this.attemptId = attemptId;
    this.info = info;
    this.bodyPoint = bodyPoint;
  }

  /** True if a test installed a crash point inside the body (never in production). */
  boolean hasBodyPoint() {
    return bodyPoint != null;
  }

  void reachedBodyPoint() {
    bodyPoint.run();
  }

  void abort() {
    aborted = true;
  }

  void progress() {
    progress++;
  }

  /** Runs the attempt's body on the calling thread, where a timeout can interrupt it. */
  <T> T runBody(Callable<T> body) throws Exception {
    synchronized (this) {
      bodyThread = Thread.currentThread();
    }
    try {
      return body.call();
    } finally {
      synchronized (this) {
        bodyThread = null; // this thread may go on to run another attempt: never interrupt it
      }
    }
  }

  /**
   * Milliseconds since the body last made progress, as seen from the worker's loop at {@code
   * nowMillis}. The first call starts the clock.
   */
  long millisWithoutProgress(long nowMillis) {
    long p = progress;
    if (p != lastSeenProgress) {
      lastSeenProgress = p;
      lastProgressMillis = nowMillis;
    }
    return nowMillis - lastProgressMillis;
  }

  /** Stops a body that will not stop by itself: sets the abort flag and interrupts its thread. */
  synchronized void kill() {
    aborted = true;
    Thread t = bodyThread;
    if (t != null && t != Thread.currentThread()) {
      t.interrupt();
    }
  }

  boolean aborted() {
    return aborted;
  }

  void checkAborted() {
    if (aborted) {
      throw new AttemptAbortedException(attemptId);
    }
  }

  Counter counter(String name) {
    return counters.get(name);
  }
}
