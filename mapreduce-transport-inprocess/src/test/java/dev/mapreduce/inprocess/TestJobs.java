package dev.mapreduce.inprocess;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;

/**
 * User classes shared by this module's tests: a word count on space-separated words (simple enough
 * for a test to recompute independently) and a reducer keeping a key's first value.
 */
public final class TestJobs {
  private TestJobs() {}

  public static final class Words implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      for (String w : line.split(" ")) {
        if (!w.isEmpty()) {
          out.emit(w, 1L);
        }
      }
    }
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
      long s = 0;
      for (long v : values) {
        s += v;
      }
      out.emit(key, s);
    }
  }

  public static final class FirstString implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String key, Iterable<String> values, Emitter<String, String> out) {
      out.emit(key, values.iterator().next());
    }
  }
}
