package dev.mapreduce.core.internal.protocol;

import java.util.concurrent.CompletableFuture;

/** Serves one worker's map outputs to reducers, a bounded chunk per call. */
public interface ShuffleService {
  CompletableFuture<FetchReply> fetch(FetchRequest request);
}
