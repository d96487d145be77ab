package dev.mapreduce.core.time;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a worker runs the CPU- and disk-heavy body of a task, off its event loop so heartbeats keep
 * flowing. The simulation replaces it with one that runs the body inline and completes it later in
 * virtual time.
 */
public interface TaskRunner {
  <T> CompletableFuture<T> run(String taskName, Callable<T> body);

  void shutdown();

  /**
   * Real threads for one worker. A worker runs one attempt at a time, so normally one thread is
   * busy; but an attempt killed for lack of progress may leave its thread blocked for good, and the
   * next attempt must not queue behind it: each body gets an idle thread or a new one.
   */
  static TaskRunner threads(String name) {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
              t.setDaemon(true);
              return t;
            });
    return new TaskRunner() {
      @Override
      public <T> CompletableFuture<T> run(String taskName, Callable<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
          pool.execute(
              () -> {
                try {
                  result.complete(body.call());
                } catch (Throwable e) {
                  result.completeExceptionally(e);
                }
              });
        } catch (RuntimeException e) {
          result.completeExceptionally(e);
        }
        return result;
      }

      @Override
      public void shutdown() {
        pool.shutdownNow();
      }
    };
  }
}
