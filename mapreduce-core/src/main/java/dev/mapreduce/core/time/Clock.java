package dev.mapreduce.core.time;

import java.time.Instant;

/** The only source of time in the core, so that a simulation can run in virtual time. */
public interface Clock {
  /** Milliseconds since an arbitrary origin; only differences are meaningful. */
  long millis();

  /** Wall-clock time, used only for display (status block, summaries). */
  Instant now();

  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
