package dev.mapreduce.core.events;

/**
 * Receives every state transition of the coordinator and the workers, in order: the trace a
 * simulation compares across runs and a status page shows as recent events.
 */
@FunctionalInterface
public interface EventSink {
  void event(long timeMillis, String node, String description);

  EventSink NONE = (t, n, d) -> {};

  default EventSink and(EventSink other) {
    return (t, n, d) -> {
      event(t, n, d);
      other.event(t, n, d);
    };
  }
}
