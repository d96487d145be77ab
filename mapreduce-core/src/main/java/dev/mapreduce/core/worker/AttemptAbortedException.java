package dev.mapreduce.core.worker;

/** Thrown inside a task body when its attempt was aborted (finished elsewhere, or worker crash). */
final class AttemptAbortedException extends RuntimeException {
  AttemptAbortedException(String attemptId) {
    super("attempt " + attemptId + " aborted", null, false, false);
  }
}
