package dev.mapreduce.inprocess.sim;

/**
 * Probabilities applied to every message (request or reply) crossing the simulated network.
 *
 * @param drop the message is lost
 * @param duplicate the request is delivered twice
 * @param delay the message takes up to {@code maxDelayMillis} longer, so messages reorder
 */
public record MessageFaults(double drop, double duplicate, double delay, long maxDelayMillis) {
  public static final MessageFaults NONE = new MessageFaults(0, 0, 0, 0);

  /** The Java expression that rebuilds it (doubles printed exactly), for pasting into a test. */
  @Override
  public String toString() {
    return equals(NONE)
        ? "MessageFaults.NONE"
        : "new MessageFaults("
            + drop
            + ", "
            + duplicate
            + ", "
            + delay
            + ", "
            + maxDelayMillis
            + ")";
  }
}
