package dev.mapreduce.core.format;

import java.io.Closeable;
import java.io.IOException;

/** Writes one reduce task's output records; closing it finishes the file (it is then committed). */
public interface RecordWriter<K, V> extends Closeable {
  void write(K key, V value) throws IOException;
}
