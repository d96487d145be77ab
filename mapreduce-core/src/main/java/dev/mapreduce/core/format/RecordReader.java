package dev.mapreduce.core.format;

import java.io.Closeable;
import java.io.IOException;

/**
 * The records of one split, one at a time: {@code while (r.next()) use(r.key(), r.value());}. A
 * reader may reuse nothing it has handed out: the mapper may keep keys and values.
 */
public interface RecordReader<K, V> extends Closeable {
  /** Moves to the next record; false when the split has no more. */
  boolean next() throws IOException;

  K key();

  V value();

  /** Input bytes consumed so far (uncompressed bytes for compressed input), for counters. */
  long bytesRead();
}
