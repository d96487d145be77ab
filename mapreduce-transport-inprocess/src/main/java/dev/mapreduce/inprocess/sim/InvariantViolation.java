package dev.mapreduce.inprocess.sim;

/**
 * A simulated run broke an {@link Invariant}. Its message is a complete report: the seed and the
 * fault plan that reproduce it (the plan as Java, ready to paste into a test), the violation, and
 * the trace's last lines.
 */
public final class InvariantViolation extends AssertionError {
  private final transient Violation violation;
  private final transient SimulationResult result;

  InvariantViolation(Violation violation, SimulationResult result, String traceTail) {
    super(
        "invariant violated with seed "
            + result.seed()
            + ": "
            + violation
            + "\n  plan: "
            + result.plan()
            + "\n  trace tail:\n"
            + traceTail);
    this.violation = violation;
    this.result = result;
  }

  public Violation violation() {
    return violation;
  }

  /** The run up to the violation (its trace ends there). */
  public SimulationResult result() {
    return result;
  }
}
