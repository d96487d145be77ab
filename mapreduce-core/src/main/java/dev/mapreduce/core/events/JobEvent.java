package dev.mapreduce.core.events;

/**
 * Everything that happens to a job, as typed values: what the coordinator's and workers' state
 * machines emit. Tests and the simulation's invariant checker match on these types and fields; text
 * ({@link #describe()}) exists only for logs, the status page and traces, and the log level comes
 * from the type. No event carries an absolute path, so a simulated run's trace is the same in any
 * temporary directory.
 */
public sealed interface JobEvent {
  /** How loudly a log should say it. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /** One line of prose for people. */
  String describe();

  default Level level() {
    return Level.INFO;
  }

  // ---- the job --------------------------------------------------------------------------------

  record JobStarted(String job, int mapTasks, int reduceTasks) implements JobEvent {
    @Override
    public String describe() {
      return "job '"
          + job
          + "' started: "
          + mapTasks
          + " map tasks, "
          + reduceTasks
          + " reduce tasks";
    }
  }

  record JobCommitted(String job) implements JobEvent {
    @Override
    public String describe() {
      return "job '" + job + "' committed";
    }
  }

  record JobFailed(String job, String reason) implements JobEvent {
    @Override
    public String describe() {
      return "job '" + job + "' FAILED: " + reason;
    }

    @Override
    public Level level() {
      return Level.ERROR;
    }
  }

  // ---- membership -----------------------------------------------------------------------------

  record WorkerRegistered(String worker, boolean returning) implements JobEvent {
    @Override
    public String describe() {
      return worker + (returning ? " re-registered" : " registered");
    }
  }

  record WorkerFailed(String worker, String reason, int tasksReassigned) implements JobEvent {
    @Override
    public String describe() {
      return worker + " FAILED (" + reason + "), " + tasksReassigned + " task(s) reassigned";
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  /** A worker whose attempts keep failing gets no more of this job's tasks while others can. */
  record WorkerExcluded(String worker, int failedAttempts) implements JobEvent {
    @Override
    public String describe() {
      return worker + " excluded from the job after " + failedAttempts + " failed attempts";
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  // ---- attempts and tasks (coordinator's view) ------------------------------------------------

  record AttemptStarted(String attempt, String worker, boolean backup) implements JobEvent {
    @Override
    public String describe() {
      return (backup ? "backup attempt " : "") + attempt + " assigned to " + worker;
    }

    @Override
    public Level level() {
      return backup ? Level.INFO : Level.DEBUG;
    }
  }

  record AttemptSucceeded(String attempt, String worker) implements JobEvent {
    @Override
    public String describe() {
      return attempt + " completed on " + worker;
    }

    @Override
    public Level level() {
      return Level.DEBUG;
    }
  }

  record AttemptFailed(String attempt, String worker, String error) implements JobEvent {
    @Override
    public String describe() {
      return attempt + " failed on " + worker + ": " + error;
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  /** A map attempt failed on an input record, which the task's next attempts leave out. */
  record RecordSkipped(String attempt, String worker, String record, String error)
      implements JobEvent {
    @Override
    public String describe() {
      return attempt
          + " failed on "
          + worker
          + " at "
          + record
          + ", which will be skipped: "
          + error;
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  /** Ended by the coordinator: another attempt won, or its worker moved on. Not a failure. */
  record AttemptKilled(String attempt, String worker, String why) implements JobEvent {
    @Override
    public String describe() {
      return attempt + " on " + worker + " killed: " + why;
    }
  }

  /** Its worker was declared failed while it ran. */
  record AttemptLost(String attempt, String worker) implements JobEvent {
    @Override
    public String describe() {
      return attempt + " lost with " + worker;
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  record MapOutputLost(String task, String attempt, String why) implements JobEvent {
    @Override
    public String describe() {
      return task + " output lost (" + why + "), map task will run again";
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  record FetchFailed(String reduceAttempt, String mapAttempt, String error) implements JobEvent {
    @Override
    public String describe() {
      return reduceAttempt + " could not fetch " + mapAttempt + ": " + error;
    }

    @Override
    public Level level() {
      return Level.WARN;
    }
  }

  /** A reduce attempt's file became {@code part-r-NNNNN}. */
  record TaskCommitted(String task, String attempt) implements JobEvent {
    @Override
    public String describe() {
      return task + " committed from " + attempt;
    }

    @Override
    public Level level() {
      return Level.DEBUG;
    }
  }

  // ---- a worker's own view --------------------------------------------------------------------

  /** A step in a worker's life with its coordinator. */
  record WorkerStep(String worker, Step step, String detail) implements JobEvent {
    public enum Step {
      REGISTERED,
      TOLD_JOB_OVER,
      TOLD_TO_REREGISTER,
      COORDINATOR_LOST,
      CRASHED,
      HALTED,
      CANNOT_LOAD_JOB,
      INTERNAL_ERROR
    }

    @Override
    public String describe() {
      return worker
          + " "
          + step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + (detail.isEmpty() ? "" : ": " + detail);
    }

    @Override
    public Level level() {
      return switch (step) {
        case REGISTERED, TOLD_JOB_OVER -> Level.DEBUG;
        case TOLD_TO_REREGISTER, CRASHED, HALTED -> Level.INFO;
        case COORDINATOR_LOST, CANNOT_LOAD_JOB, INTERNAL_ERROR -> Level.ERROR;
      };
    }
  }

  /** A step of one attempt on the worker that runs it. */
  record LocalAttemptStep(String worker, String attempt, Step step, String detail)
      implements JobEvent {
    public enum Step {
      STARTED,
      REPORTED,
      FAILED,
      ABORTED,
      FETCH_FAILED,
      TIMED_OUT
    }

    @Override
    public String describe() {
      return attempt
          + " "
          + step.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + " on "
          + worker
          + (detail.isEmpty() ? "" : ": " + detail);
    }

    @Override
    public Level level() {
      return switch (step) {
        case STARTED, REPORTED, ABORTED -> Level.DEBUG;
        case FAILED, FETCH_FAILED, TIMED_OUT -> Level.WARN;
      };
    }
  }

  /** Something a test harness or simulation did on purpose (a crash, a partition...). */
  record FaultInjected(String description) implements JobEvent {
    @Override
    public String describe() {
      return description;
    }
  }
}
