package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.Counter;
import java.util.Map;
import java.util.TreeMap;

/** The counters of one task attempt. Used from the attempt's thread only. */
public final class TaskCounters {
  private final Map<String, LongCell> cells = new TreeMap<>();

  public Counter get(String name) {
    return cells.computeIfAbsent(name, n -> new LongCell());
  }

  public void add(String name, long amount) {
    get(name).increment(amount);
  }

  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    cells.forEach((k, v) -> out.put(k, v.value));
    return out;
  }

  private static final class LongCell implements Counter {
    long value;

    @Override
    public void increment(long amount) {
      value += amount;
    }
  }
}
