package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.internal.protocol.TaskReply;
import java.time.Instant;

/** One worker process (one incarnation of a worker name) as the coordinator sees it. Loop only. */
final class WorkerState {
  final String id;
  final String shuffleAddress;
  final long incarnation;
  private boolean failed;
  private boolean flagged;
  Instant lastSeen;
  int tasksCompleted;
  int failedAttempts;
  long lastRequestSequence = -1;
  TaskReply lastTaskReply;

  WorkerState(String id, String shuffleAddress, long incarnation, Instant now) {
    this.id = id;
    this.shuffleAddress = shuffleAddress;
    this.incarnation = incarnation;
    this.lastSeen = now;
  }

  boolean failed() {
    return failed;
  }

  /** Live to failed, once: a failed incarnation never comes back (it re-registers as a new one). */
  void markFailed() {
    if (failed) {
      throw new IllegalStateException("worker " + id + " is already FAILED");
    }
    failed = true;
  }

  /** Too many of its attempts failed in this job (see {@link Membership#excluded}). */
  boolean flagged() {
    return flagged;
  }

  void flag() {
    flagged = true;
  }
}
