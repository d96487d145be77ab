package dev.mapreduce.core.internal.protocol;

/**
 * A chunk of a partition.
 *
 * @param found false when the worker does not hold that map output (lost, or never had it)
 * @param partitionLength the partition's total length, so the reducer knows when it has all
 */
public record FetchReply(boolean found, byte[] data, long partitionLength) {
  public static FetchReply notFound() {
    return new FetchReply(false, new byte[0], 0);
  }
}
