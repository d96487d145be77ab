package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.events.JobEvent;
import java.util.Locale;

/** One entry of a simulation's trace: a typed event, when and where it happened. */
public record TraceEvent(long timeMillis, String node, JobEvent event) {
  /** The event as prose, for people reading a trace. */
  public String description() {
    return event.describe();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%9.3fs %-11s %s", timeMillis / 1000.0, node, description());
  }
}
