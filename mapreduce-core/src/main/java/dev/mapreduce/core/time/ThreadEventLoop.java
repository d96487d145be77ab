package dev.mapreduce.core.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An {@link EventLoop} on one daemon thread of its own: the real-time implementation. */
public final class ThreadEventLoop implements EventLoop {
  private static final Logger log = LoggerFactory.getLogger(ThreadEventLoop.class);
  private final ScheduledExecutorService executor;
  private volatile Consumer<Throwable> failureHandler =
      e -> log.error("Unexpected error in an event loop task (no component handles it)", e);

  /**
   * What happens when a component's own failure handler fails too (say, the JVM can no longer load
   * classes because its jar was replaced): the component cannot stop itself, and whoever waits for
   * it would wait forever. A library must not end its host's process, so the default only logs; a
   * program that owns its process (the command line) installs one that exits.
   */
  private static volatile Consumer<Throwable> lastResort =
      e -> log.error("A component's failure handler failed; the component may be stuck", e);

  /** See {@link #lastResort}; for programs that own their process. */
  public static void setLastResort(Consumer<Throwable> action) {
    lastResort = action;
  }

  public ThreadEventLoop(String name) {
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void execute(Runnable task) {
    try {
      executor.execute(guarded(task));
    } catch (RejectedExecutionException e) {
      // Shut down: a late message to a stopped component is dropped, as a dead process would drop
      // it.
    }
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    try {
      ScheduledFuture<?> f =
          executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    } catch (RejectedExecutionException e) {
      return () -> {};
    }
  }

  @Override
  public void onFailure(Consumer<Throwable> handler) {
    this.failureHandler = handler;
  }

  @Override
  public void shutdown() {
    executor.shutdownNow();
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        try {
          failureHandler.accept(e);
        } catch (RuntimeException | Error again) {
          again.addSuppressed(e);
          executor.shutdownNow();
          lastResort.accept(again);
        }
      }
    };
  }
}
