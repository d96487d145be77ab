package dev.mapreduce.inprocess.sim;

import java.util.Locale;

/** The first broken {@link Invariant} of a run: which, how, and when (virtual time). */
public record Violation(Invariant invariant, String detail, long atMillis) {
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s at %.3fs: %s", invariant, atMillis / 1000.0, detail);
  }
}
