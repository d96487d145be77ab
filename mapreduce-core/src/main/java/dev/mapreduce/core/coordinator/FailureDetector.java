package dev.mapreduce.core.coordinator;

import java.util.List;

/** Decides from what it hears that a worker has failed. Called only on the coordinator's loop. */
public interface FailureDetector {
  /** Any message from a worker counts as a sign of life. */
  void heard(String workerId, long nowMillis);

  /** Stops watching a worker (failed or gone). */
  void forget(String workerId);

  /** Workers to declare failed now. */
  List<String> suspects(long nowMillis);

  /** Milliseconds since the worker was last heard from, or -1 if unknown. */
  long silenceMillis(String workerId, long nowMillis);
}
