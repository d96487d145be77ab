package dev.mapreduce.examples;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.JobResult;
import java.util.Locale;

/** The end-of-job summary printed by the demo and the command line. */
public final class Summary {
  private Summary() {}

  public static String render(JobResult r) {
    StringBuilder b = new StringBuilder();
    if (r.succeeded()) {
      b.append(
          String.format(
              Locale.ROOT,
              "Job '%s' SUCCEEDED in %.2f s%n",
              r.jobName(),
              r.duration().toMillis() / 1000.0));
    } else {
      b.append(
          String.format(
              Locale.ROOT,
              "Job '%s' FAILED after %.2f s: %s%n",
              r.jobName(),
              r.duration().toMillis() / 1000.0,
              r.failureReason().orElse("")));
    }
    b.append(
        String.format(
            Locale.ROOT,
            "  input: %,d bytes, %,d records; map output %,d records; shuffled %,d bytes%n",
            count(r, Counters.MAP_INPUT_BYTES),
            count(r, Counters.MAP_INPUT_RECORDS),
            count(r, Counters.MAP_OUTPUT_RECORDS),
            count(r, Counters.SHUFFLE_BYTES)));
    b.append(
        String.format(
            Locale.ROOT,
            "  output: %,d keys; tasks %d, attempts %d, reassignments %d, failed workers %s",
            count(r, Counters.REDUCE_OUTPUT_RECORDS),
            r.tasks().size(),
            r.totalAttempts(),
            r.reassignments(),
            r.failedWorkers().isEmpty() ? "none" : String.join(", ", r.failedWorkers())));
    return b.toString();
  }

  /** A failed job may lack counters whose tasks never succeeded: those show as 0 here. */
  private static long count(JobResult r, String counter) {
    return r.findCounter(counter).orElse(0);
  }
}
