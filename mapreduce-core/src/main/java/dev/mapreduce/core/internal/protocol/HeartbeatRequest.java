package dev.mapreduce.core.internal.protocol;

import java.util.List;

/** "Still alive", with the attempts the worker is running. */
public record HeartbeatRequest(String workerId, List<String> runningAttempts) {
  public HeartbeatRequest {
    runningAttempts = List.copyOf(runningAttempts);
  }
}
