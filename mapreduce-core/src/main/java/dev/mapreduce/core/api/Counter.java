package dev.mapreduce.core.api;

/** A named user counter; totals are summed across tasks, one successful attempt per task. */
public interface Counter {
  void increment(long amount);

  default void increment() {
    increment(1);
  }
}
