package dev.mapreduce.inprocess;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * How a call crosses the in-process network from one node to another. The direct delivery hands it
 * over at once; the simulation's delivery delays, drops, duplicates and partitions it.
 */
public interface Delivery {
  <T> CompletableFuture<T> deliver(String from, String to, Supplier<CompletableFuture<T>> call);

  Delivery DIRECT =
      new Delivery() {
        @Override
        public <T> CompletableFuture<T> deliver(
            String from, String to, Supplier<CompletableFuture<T>> call) {
          return call.get();
        }
      };
}
