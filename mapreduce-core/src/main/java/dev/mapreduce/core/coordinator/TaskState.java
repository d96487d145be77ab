package dev.mapreduce.core.coordinator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One map or reduce task as the coordinator sees it. Mutable; touched only on its loop. */
final class TaskState {
  enum Kind {
    MAP("m"),
    REDUCE("r");

    final String prefix;

    Kind(String prefix) {
      this.prefix = prefix;
    }
  }

  enum Status {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED
  }

  record Attempt(String attemptId, String workerId, long startMillis) {}

  record Completion(String attemptId, String workerId, String shuffleAddress, long millis) {}

  final Kind kind;
  final int index;
  final String id;
  int attemptsStarted;
  int failures;
  int outputLosses;
  final Map<String, Attempt> running = new LinkedHashMap<>();
  final List<String> history = new ArrayList<>();
  Optional<Completion> completed = Optional.empty();
  Map<String, Long> counters = Map.of();
  Optional<String> lastError = Optional.empty();
  long firstStartMillis = -1;
  long durationMillis;

  TaskState(Kind kind, int index) {
    this.kind = kind;
    this.index = index;
    this.id = String.format("%s-%05d", kind.prefix, index);
  }

  Status status(boolean jobFailedOnThis) {
    if (jobFailedOnThis) {
      return Status.FAILED;
    }
    if (completed.isPresent()) {
      return Status.COMPLETED;
    }
    return running.isEmpty() ? Status.PENDING : Status.RUNNING;
  }

  boolean isPending() {
    return completed.isEmpty() && running.isEmpty();
  }

  String newAttemptId() {
    attemptsStarted++;
    return id + "-a" + attemptsStarted;
  }
}
