package dev.mapreduce.examples;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobTemplate;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Word count. A word is a maximal run of letters or digits ({@link Character#isLetterOrDigit(int)}),
 * lower-cased with {@link Locale#ROOT}; output lines are {@code word<TAB>count}.
 */
public final class WordCount implements JobTemplate {
  @Override
  public Job.Builder configure(Job.Builder b) {
    return b.mapper(TokenMapper.class)
        .combiner(SumReducer.class)
        .reducer(SumReducer.class)
        .mapOutput(StringCodec.class, LongCodec.class);
  }

  /** Splits a line into words as defined above and hands each to {@code sink}. */
  public static void forEachWord(String line, Consumer<String> sink) {
    int n = line.length();
    int start = -1;
    int i = 0;
    while (i < n) {
      int cp = line.codePointAt(i);
      boolean word = Character.isLetterOrDigit(cp);
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        sink.accept(line.substring(start, i).toLowerCase(Locale.ROOT));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      sink.accept(line.substring(start).toLowerCase(Locale.ROOT));
    }
  }

  /**
   * A job setting that slows word count down on purpose by pausing this many microseconds per
   * line, so that a demo cluster runs long enough to watch and to kill workers in.
   */
  public static final String PAUSE_MICROS_PER_LINE = "wordcount.pause.micros.per.line";

  /** Emits (word, 1) for every word. */
  public static final class TokenMapper implements Mapper<Long, String, String, Long> {
    private static final Long ONE = 1L;
    private long pauseNanos = -1;

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (pauseNanos < 0) {
        pauseNanos = 1000 * Long.parseLong(out.task().configuration().getOrDefault(PAUSE_MICROS_PER_LINE, "0"));
      }
      if (pauseNanos > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      }
      forEachWord(line, w -> out.emit(w, ONE));
    }
  }

  /** Sums counts; also the combiner. */
  public static final class SumReducer implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String word, Iterable<Long> counts, Emitter<String, Long> out) {
      long sum = 0;
      for (long c : counts) {
        sum += c;
      }
      out.emit(word, sum);
    }
  }
}
