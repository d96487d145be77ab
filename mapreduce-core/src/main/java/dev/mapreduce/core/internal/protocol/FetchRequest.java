package dev.mapreduce.core.internal.protocol;

/** Asks for up to {@code maxBytes} of one partition of a map output, from {@code offset}. */
public record FetchRequest(String mapAttemptId, int partition, long offset, int maxBytes) {}
