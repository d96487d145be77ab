package dev.mapreduce.inprocess.sim;

import java.util.Locale;

/** One line of a simulation's trace. */
public record TraceEvent(long timeMillis, String node, String description) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%9.3fs %-11s %s", timeMillis / 1000.0, node, description);
  }
}
