package dev.mapreduce.cli;

import dev.mapreduce.core.coordinator.StatusSnapshot;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A status source for a status page started before its job: the page's port is bound first, so a
 * taken port fails the command before anything touches the output directory; until the job starts,
 * the page answers that it has not.
 */
final class LateStatus implements Supplier<CompletableFuture<StatusSnapshot>> {
  private volatile Supplier<CompletableFuture<StatusSnapshot>> source =
      () ->
          CompletableFuture.failedFuture(new IllegalStateException("the job has not started yet"));

  void connect(Supplier<CompletableFuture<StatusSnapshot>> status) {
    this.source = status;
  }

  @Override
  public CompletableFuture<StatusSnapshot> get() {
    return source.get();
  }
}
