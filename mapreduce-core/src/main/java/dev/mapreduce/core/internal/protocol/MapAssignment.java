package dev.mapreduce.core.internal.protocol;

import dev.mapreduce.core.internal.io.InputSplit;
import java.util.List;

/**
 * Run map task {@code taskIndex} on {@code split} as attempt {@code attemptId}.
 *
 * @param skipRecords indexes of the split's records to skip: earlier attempts failed on them
 */
public record MapAssignment(
    String attemptId, int taskIndex, int attempt, InputSplit split, List<Long> skipRecords) {
  public MapAssignment {
    skipRecords = List.copyOf(skipRecords);
  }

  public MapAssignment(String attemptId, int taskIndex, int attempt, InputSplit split) {
    this(attemptId, taskIndex, attempt, split, List.of());
  }
}
