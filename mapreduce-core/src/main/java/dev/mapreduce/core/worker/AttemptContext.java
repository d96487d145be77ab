package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Counter;
import dev.mapreduce.core.api.TaskInfo;
import dev.mapreduce.core.io.TaskCounters;

/** What a running attempt's body shares with its worker: counters and the abort flag. */
final class AttemptContext {
  final String attemptId;
  final TaskInfo info;
  final TaskCounters counters = new TaskCounters();
  private volatile boolean aborted;

  AttemptContext(String attemptId, TaskInfo info) {
    this.attemptId = attemptId;
    this.info = info;
  }

  void abort() {
    aborted = true;
  }

  boolean aborted() {
    return aborted;
  }

  void checkAborted() {
    if (aborted) {
      throw new AttemptAbortedException(attemptId);
    }
  }

  Counter counter(String name) {
    return counters.get(name);
  }
}
