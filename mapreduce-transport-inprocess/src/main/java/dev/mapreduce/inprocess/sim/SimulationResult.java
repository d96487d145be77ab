package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.JobResult;
import java.util.List;
import java.util.Optional;

/**
 * How a simulated run ended.
 *
 * @param result empty if the job neither committed nor failed within the time limit (a hang)
 * @param toleratedViolations violations the run was told to tolerate (known engine bugs), in order
 */
public record SimulationResult(
    long seed,
    FaultPlan plan,
    Optional<JobResult> result,
    List<TraceEvent> trace,
    long virtualMillis,
    long events,
    List<Violation> toleratedViolations) {
  public SimulationResult {
    trace = List.copyOf(trace);
    toleratedViolations = List.copyOf(toleratedViolations);
  }

  public boolean hung() {
    return result.isEmpty();
  }

  /** The trace's last {@code n} lines, for failure messages. */
  public String traceTail(int n) {
    StringBuilder b = new StringBuilder();
    for (TraceEvent e : trace.subList(Math.max(0, trace.size() - n), trace.size())) {
      b.append(e).append('\n');
    }
    return b.toString();
  }
}
