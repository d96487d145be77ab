package dev.mapreduce.core.internal.protocol;

/** Where the committed output of one map task lives. */
public record MapOutputLocation(
    int mapTaskIndex, String mapAttemptId, String workerId, String shuffleAddress) {}
