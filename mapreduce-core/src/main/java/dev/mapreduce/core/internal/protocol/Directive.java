package dev.mapreduce.core.internal.protocol;

/** What the coordinator tells a worker beside the answer itself. */
public enum Directive {
  /** Carry on. */
  OK,
  /** The coordinator counts this worker as failed: drop local state and register again. */
  REREGISTER,
  /** The job is over: stop. */
  JOB_DONE
}
