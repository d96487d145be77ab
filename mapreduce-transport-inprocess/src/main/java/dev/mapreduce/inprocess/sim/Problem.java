package dev.mapreduce.inprocess.sim;

/** One broken rule, found by one of the checker's parts; the checker adds when it happened. */
record Problem(Invariant invariant, String detail) {}
