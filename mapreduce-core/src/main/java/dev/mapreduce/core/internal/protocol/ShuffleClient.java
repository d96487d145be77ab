package dev.mapreduce.core.internal.protocol;

import java.util.concurrent.CompletableFuture;

/** How a reducer reaches the {@link ShuffleService} at a worker's shuffle address. */
public interface ShuffleClient {
  CompletableFuture<FetchReply> fetch(String shuffleAddress, FetchRequest request);
}
