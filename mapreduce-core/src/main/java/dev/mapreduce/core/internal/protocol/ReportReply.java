package dev.mapreduce.core.internal.protocol;

/** Acknowledges a report; {@code accepted} is false for stale reports, which change nothing. */
public record ReportReply(Directive directive, boolean accepted) {}
