package dev.mapreduce.core.internal.protocol;

import java.util.List;

/**
 * @param abortAttempts attempts the worker should stop (their task finished elsewhere)
 */
public record HeartbeatReply(Directive directive, List<String> abortAttempts) {
  public HeartbeatReply {
    abortAttempts = List.copyOf(abortAttempts);
  }
}
