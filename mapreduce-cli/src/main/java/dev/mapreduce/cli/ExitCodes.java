package dev.mapreduce.cli;

/** Exit codes of the command line. */
final class ExitCodes {
  static final int OK = 0;

  /** The job ran and failed (a task exhausted its attempts, no live worker, ...). */
  static final int JOB_FAILED = 1;

  /** The command or the job is invalid: nothing ran. */
  static final int USAGE = 2;

  /** A component failed and could not even stop itself (see ThreadEventLoop's last resort). */
  static final int FATAL = 70;

  private ExitCodes() {}
}
