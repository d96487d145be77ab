package dev.mapreduce.examples;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobTemplate;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.LongFoldingCombiner;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Word count. A word is a maximal run of letters or digits ({@link
 * Character#isLetterOrDigit(int)}), lower-cased with {@link Locale#ROOT}; output lines are {@code
 * word<TAB>count}.
 */
public final class WordCount implements JobTemplate {
  @Override
  public Job.Builder configure(Job.Builder b) {
    return b.mapper(TokenMapper.class)
        .combiner(SumReducer.class)
        .reducer(SumReducer.class)
        .mapOutput(StringCodec.class, LongCodec.class);
  }

  /**
   * Splits a line into words as defined above and hands each to {@code sink}. ASCII words, the
   * common case, are lower-cased while they are copied out of the line, with one string made per
   * word; a word with any other character goes through {@code String.toLowerCase(Locale.ROOT)},
   * whose special cases (such as a dotted capital I) a per-character rule would get wrong.
   */
  public static void forEachWord(String line, Consumer<String> sink) {
    int n = line.length();
    char[] buf = null;
    int start = -1;
    boolean ascii = true;
    int i = 0;
    while (i < n) {
      char c = line.charAt(i);
      boolean word;
      int width = 1;
      if (c < 0x80) {
        word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      } else {
        int cp = line.codePointAt(i);
        word = Character.isLetterOrDigit(cp);
        width = Character.charCount(cp);
      }
      if (word) {
        if (start < 0) {
          start = i;
          ascii = true;
        }
        ascii &= c < 0x80;
      } else if (start >= 0) {
        if (buf == null) {
          buf = new char[n];
        }
        sink.accept(word(line, start, i, ascii, buf));
        start = -1;
      }
      i += width;
    }
    if (start >= 0) {
      sink.accept(word(line, start, n, ascii, buf == null ? new char[n] : buf));
    }
  }

  private static String word(String line, int start, int end, boolean ascii, char[] buf) {
    if (!ascii) {
      return line.substring(start, end).toLowerCase(Locale.ROOT);
    }
    for (int i = start; i < end; i++) {
      char c = line.charAt(i);
      buf[i - start] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
    return new String(buf, 0, end - start);
  }

  /**
   * A job setting that slows word count down on purpose by pausing this many microseconds per line,
   * so that a demo cluster runs long enough to watch and to kill workers in.
   */
  public static final String PAUSE_MICROS_PER_LINE = "wordcount.pause.micros.per.line";

  /** Emits (word, 1) for every word. */
  public static final class TokenMapper implements Mapper<Long, String, String, Long> {
    private static final Long ONE = 1L;
    private long pauseNanos = -1;

    @Override
    public void map(Long offset, String line, Emitter<String, Long> out) {
      if (pauseNanos < 0) {
        pauseNanos =
            1000
                * Long.parseLong(
                    out.task().configuration().getOrDefault(PAUSE_MICROS_PER_LINE, "0"));
      }
      if (pauseNanos > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(pauseNanos);
      }
      forEachWord(line, w -> out.emit(w, ONE));
    }
  }

  /** Sums counts; also the combiner, which folds counts one by one as the map side emits them. */
  public static final class SumReducer
      implements Reducer<String, Long, String, Long>, LongFoldingCombiner {
    @Override
    public void reduce(String word, Iterable<Long> counts, Emitter<String, Long> out) {
      long sum = 0;
      for (long c : counts) {
        sum += c;
      }
      out.emit(word, sum);
    }

    @Override
    public long fold(long left, long right) {
      return left + right;
    }
  }
}
