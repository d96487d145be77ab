package dev.mapreduce.core.internal.protocol;

import java.util.Optional;

/**
 * The answer to a task request: a map or reduce assignment, or nothing for now.
 *
 * @param retryAfterMillis when there is no task, how long to wait before asking again
 */
public record TaskReply(
    Directive directive,
    Optional<MapAssignment> map,
    Optional<ReduceAssignment> reduce,
    long retryAfterMillis) {

  public static TaskReply of(MapAssignment m) {
    return new TaskReply(Directive.OK, Optional.of(m), Optional.empty(), 0);
  }

  public static TaskReply of(ReduceAssignment r) {
    return new TaskReply(Directive.OK, Optional.empty(), Optional.of(r), 0);
  }

  public static TaskReply waitFor(long millis) {
    return new TaskReply(Directive.OK, Optional.empty(), Optional.empty(), millis);
  }

  public static TaskReply directive(Directive d) {
    return new TaskReply(d, Optional.empty(), Optional.empty(), 0);
  }
}
