package dev.mapreduce.core.api;

/** What map and reduce functions write through, with access to counters and task details. */
public interface Emitter<K, V> {
  void emit(K key, V value);

  /** A user counter; see {@link Counter}. */
  Counter counter(String name);

  TaskInfo task();
}
