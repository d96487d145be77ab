package dev.mapreduce.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A loop and clock in manual time for unit tests: nothing runs until the test calls {@link
 * #runReady()} or {@link #advance}, and then on the test's thread, in time order.
 */
public final class ManualLoop implements EventLoop, Clock {
  private record Timed(long at, long seq, Runnable task, boolean[] cancelled) {}

  private final PriorityQueue<Timed> queue =
      new PriorityQueue<>(
          (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private Consumer<Throwable> onFailure =
      e -> {
        throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
      };
  private long now;
  private long seq;
  private boolean shut;

  @Override
  public void execute(Runnable task) {
    schedule(Duration.ZERO, task);
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    boolean[] cancelled = {false};
    if (!shut) {
      queue.add(new Timed(now + delay.toMillis(), seq++, task, cancelled));
    }
    return () -> cancelled[0] = true;
  }

  @Override
  public void onFailure(Consumer<Throwable> handler) {
    this.onFailure = handler;
  }

  public boolean isShutDown() {
    return shut;
  }

  @Override
  public void shutdown() {
    shut = true;
    queue.clear();
  }

  /** Runs everything due now, including what those tasks queue for now. */
  public void runReady() {
    while (!queue.isEmpty() && queue.peek().at <= now) {
      Timed t = queue.poll();
      if (!t.cancelled[0]) {
        try {
          t.task.run();
        } catch (RuntimeException e) {
          onFailure.accept(e); // as a real loop would: the owner hears of it
        }
      }
    }
  }

  /** Moves time forward, running timers as they come due. */
  public void advance(Duration d) {
    long until = now + d.toMillis();
    while (!queue.isEmpty() && queue.peek().at <= until) {
      now = Math.max(now, queue.peek().at);
      runReady();
    }
    now = until;
    runReady();
  }

  @Override
  public long millis() {
    return now;
  }

  @Override
  public Instant now() {
    return Instant.ofEpochMilli(now);
  }
}
