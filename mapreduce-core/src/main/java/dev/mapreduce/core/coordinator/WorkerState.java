package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.protocol.TaskReply;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/** One worker as the coordinator sees it. Mutable; touched only on its loop. */
final class WorkerState {
  final String id;
  String shuffleAddress;
  long incarnation;
  boolean failed;
  Instant lastSeen;
  int tasksCompleted;
  final Set<String> runningAttempts = new LinkedHashSet<>();
  final Set<String> toAbort = new LinkedHashSet<>();
  long lastRequestSequence = -1;
  TaskReply lastTaskReply;

  WorkerState(String id, String shuffleAddress, long incarnation, Instant now) {
    this.id = id;
    this.shuffleAddress = shuffleAddress;
    this.incarnation = incarnation;
    this.lastSeen = now;
  }
}
