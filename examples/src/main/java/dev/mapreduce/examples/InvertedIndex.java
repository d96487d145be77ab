package dev.mapreduce.examples;

import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobTemplate;
import dev.mapreduce.core.api.Mapper;
import dev.mapreduce.core.api.Reducer;
import dev.mapreduce.core.api.StringCodec;
import java.util.HashSet;
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

  /** The combiner: each (word, document) once. */
  public static final class DistinctDocuments implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String word, Iterable<String> docs, Emitter<String, String> out) {
      Set<String> distinct = new TreeSet<>();
      docs.forEach(distinct::add);
      distinct.forEach(d -> out.emit(word, d));
    }
  }

  /** Collects the sorted, distinct documents of a word. */
  public static final class PostingsReducer implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String word, Iterable<String> docs, Emitter<String, String> out) {
      Set<String> distinct = new TreeSet<>();
      docs.forEach(distinct::add);
      out.emit(word, distinct.size() + "\t" + String.join(",", distinct));
    }
  }
}
