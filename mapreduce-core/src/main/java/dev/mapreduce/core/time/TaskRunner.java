package dev.mapreduce.core.time;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Where a worker runs the CPU- and disk-heavy body of a task, off its event loop so heartbeats keep
 * flowing. The simulation replaces it with one that runs the body inline and completes it later in
 * virtual time.
 */
public interface TaskRunner {
  <T> CompletableFuture<T> run(String taskName, Callable<T> body);

  void shutdown();

  /** A real thread per worker. */
  static TaskRunner threads(String name) {
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, name);
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
