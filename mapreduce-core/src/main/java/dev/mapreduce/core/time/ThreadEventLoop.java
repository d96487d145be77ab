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
          log.error("The failure handler itself failed", again);
        }
      }
    };
  }
}
