package dev.mapreduce.core.internal.protocol;

import dev.mapreduce.core.internal.io.InputSplit;

/** Run map task {@code taskIndex} on {@code split} as attempt {@code attemptId}. */
public record MapAssignment(String attemptId, int taskIndex, int attempt, InputSplit split) {}
