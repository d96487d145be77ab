package dev.mapreduce.core.events;

/**
 * Receives every event of the coordinator and the workers, in order: the trace a simulation
 * compares across runs, checks invariants on, and a status page shows as recent events.
 */
@FunctionalInterface
public interface EventSink {
  void event(long timeMillis, String node, JobEvent event);

  EventSink NONE = (t, n, e) -> {};

  default EventSink and(EventSink other) {
    return (t, n, e) -> {
      event(t, n, e);
      other.event(t, n, e);
    };
  }
}
