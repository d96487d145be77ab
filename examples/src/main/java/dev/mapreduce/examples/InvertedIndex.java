package dev.mapreduce.examples;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.FoldingCombiner;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobTemplate;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An inverted index: for each word (as {@link WordCount} defines it), the input files it occurs in.
 * Output lines are {@code word<TAB>n<TAB>doc1,doc2,...} with file names sorted.
 */
public final class InvertedIndex implements JobTemplate {
  @Override
  public Job.Builder configure(Job.Builder b) {
    return b.mapper(DocumentMapper.class)
        .combiner(DistinctDocuments.class)
        .reducer(PostingsReducer.class)
        .mapOutput(StringCodec.class, StringCodec.class);
  }

  /** Emits (word, file name) once per word and line. */
  public static final class DocumentMapper implements Mapper<Long, String, String, String> {
    private String document;
    private final Set<String> seen = new HashSet<>();

    @Override
    public void map(Long offset, String line, Emitter<String, String> out) {
      if (document == null) {
        document = out.task().inputFile().orElseThrow().getFileName().toString();
      }
      seen.clear();
      WordCount.forEachWord(
          line,
          w -> {
            if (seen.add(w)) {
              out.emit(w, document);
            }
          });
    }
  }

  /**
   * Separates document names inside one map output value. A file name cannot hold NUL on any file
   * system the engine runs on, so a list of names joined by it splits back exactly.
   */
  static final char SEPARATOR = '\0';

  /**
   * The combiner: a word's documents, each once, as one value. It folds: a map task reads one file,
   * so nearly every fold meets the same name twice and keeps one, without building a set.
   */
  public static final class DistinctDocuments
      implements Reducer<String, String, String, String>, FoldingCombiner<String> {
    @Override
    public void reduce(String word, Iterable<String> docs, Emitter<String, String> out) {
      out.emit(word, String.join(String.valueOf(SEPARATOR), union(docs)));
    }

    @Override
    public String fold(String left, String right) {
      if (left.equals(right)) {
        return left;
      }
      return String.join(String.valueOf(SEPARATOR), union(List.of(left, right)));
    }
  }

  /** Collects the sorted, distinct documents of a word. */
  public static final class PostingsReducer implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String word, Iterable<String> docs, Emitter<String, String> out) {
      Set<String> distinct = union(docs);
      out.emit(word, distinct.size() + "\t" + String.join(",", distinct));
    }
  }

  /** The sorted, distinct names in values that each hold one name or several joined. */
  static Set<String> union(Iterable<String> values) {
    Set<String> distinct = new TreeSet<>();
    for (String v : values) {
      if (v.indexOf(SEPARATOR) < 0) {
        distinct.add(v);
      } else {
        distinct.addAll(Arrays.asList(v.split(String.valueOf(SEPARATOR))));
      }
    }
    return distinct;
  }
}
