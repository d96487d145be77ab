package dev.mapreduce.core.format;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a job's input files as records for its mapper, whose input key and value types are this
 * format's {@code K} and {@code V}. Implementations need a public no-argument constructor; they are
 * created on the coordinator (to plan splits) and on every worker (to read them).
 */
public interface InputFormat<K, V> {
  /**
   * Whether a map task may read a byte range from the middle of {@code file}. When false the file
   * is one split whatever its size (compressed text, whole-file records).
   */
  boolean splittable(Path file);

  /**
   * Refuses, before the job starts, an input file this format cannot read, with a message naming
   * the file and the reason. The default accepts every file.
   */
  default void check(Path file) throws IOException {}

  /** Opens the records of one split; the caller closes the reader. */
  RecordReader<K, V> open(Split split) throws IOException;
}
