package dev.mapreduce.core.internal.protocol;

/**
 * An idle worker asking for work.
 *
 * @param sequence grows by one per new request and stays the same on a retry, so a retried or
 *     duplicated request gets the same answer instead of a second task
 */
public record TaskRequest(String workerId, long sequence) {}
