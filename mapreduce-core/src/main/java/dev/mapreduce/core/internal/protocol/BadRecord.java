package dev.mapreduce.core.internal.protocol;

/**
 * The input record a map attempt failed on, as its worker saw it.
 *
 * @param index the record's position in the split, from 0: the same on every worker, because a
 *     split always yields the same records in the same order
 * @param description what a person can find the record by (e.g. its byte offset), for the job's
 *     result
 */
public record BadRecord(long index, String description) {
  /** Longer descriptions are cut: a description comes from another process. */
  public static final int MAX_DESCRIPTION = 200;

  public BadRecord {
    if (index < 0) {
      throw new IllegalArgumentException("a record index is never negative: " + index);
    }
    if (description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION) + "...";
    }
  }
}
