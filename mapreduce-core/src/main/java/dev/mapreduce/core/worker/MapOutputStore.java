package dev.mapreduce.core.worker;

import dev.mapreduce.core.internal.io.MapOutputFile;
import dev.mapreduce.core.internal.protocol.FetchReply;
import dev.mapreduce.core.internal.protocol.FetchRequest;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** The map outputs a worker serves to reducers, by attempt id. Touched only on the loop. */
final class MapOutputStore {
  private static final int MAX_CHUNK = 4 << 20;

  private final Map<String, MapOutputFile> outputs = new HashMap<>();

  void put(String attemptId, MapOutputFile file) {
    outputs.put(attemptId, file);
  }

  void clear() {
    outputs.clear();
  }

  /** One chunk of one partition; "not found" for anything unknown or out of range. */
  FetchReply serve(FetchRequest req) {
    MapOutputFile file = outputs.get(req.mapAttemptId());
    if (file == null || req.partition() < 0 || req.partition() >= file.partitions()) {
      return FetchReply.notFound();
    }
    try {
      int max = Math.max(1, Math.min(req.maxBytes(), MAX_CHUNK));
      byte[] data = file.readChunk(req.partition(), req.offset(), max);
      return new FetchReply(true, data, file.partitionLength(req.partition()));
    } catch (IOException | RuntimeException e) {
      return FetchReply.notFound(); // the reducer reports a fetch failure; the map runs again
    }
  }
}
