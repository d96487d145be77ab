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
            r.counter(Counters.MAP_INPUT_BYTES),
            r.counter(Counters.MAP_INPUT_RECORDS),
            r.counter(Counters.MAP_OUTPUT_RECORDS),
            r.counter(Counters.SHUFFLE_BYTES)));
    b.append(
        String.format(
            Locale.ROOT,
            "  output: %,d keys; tasks %d, attempts %d, reassignments %d, failed workers %s",
            r.counter(Counters.REDUCE_OUTPUT_RECORDS),
            r.tasks().size(),
            r.totalAttempts(),
            r.reassignments(),
            r.failedWorkers().isEmpty() ? "none" : String.join(", ", r.failedWorkers())));
    return b.toString();
  }
}
