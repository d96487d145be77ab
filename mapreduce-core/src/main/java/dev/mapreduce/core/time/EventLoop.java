package dev.mapreduce.core.time;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A serial executor with timers. Each component (coordinator, worker) owns one and changes its
 * state only from tasks run on it, so the component needs no locks. Real runs back it with one
 * thread; the simulation backs every loop with one shared, seeded, virtual-time queue.
 */
public interface EventLoop extends Executor {
  /** Runs {@code task} later, after everything already queued. */
  @Override
  void execute(Runnable task);

  /** Runs {@code task} once after {@code delay}; the returned handle cancels it. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} every {@code period}, first after one period. */
  default Cancellable scheduleEvery(Duration period, Runnable task) {
    RepeatingTimer timer = new RepeatingTimer(this, period, task);
    timer.start();
    return timer;
  }

  /**
   * Who hears of an exception that escapes a task: the owning component, which must then fail
   * loudly (a swallowed exception on a loop is how components hang). Implementations that run tasks
   * on a thread of their own must call it; others may let the exception propagate.
   */
  default void onFailure(Consumer<Throwable> handler) {}

  /** Stops running tasks; queued and future ones are dropped. */
  void shutdown();

  /** A pending timer. */
  interface Cancellable {
    void cancel();
  }
}
