package dev.mapreduce.core.internal.protocol;

import java.util.List;

/** Run reduce task {@code partition}, fetching it from every map output in {@code sources}. */
public record ReduceAssignment(
    String attemptId, int partition, int attempt, List<MapOutputLocation> sources) {
  public ReduceAssignment {
    sources = List.copyOf(sources);
  }
}
