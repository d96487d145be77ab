package dev.mapreduce.core.api;

/** What map and reduce functions write through, with access to counters and task details. */
public interface Emitter<K, V> {
  void emit(K key, V value);

  /** A user counter; see {@link Counter}. */
  Counter counter(String name);

  TaskInfo task();

  /**
   * Tells the engine the task is alive though it reads and writes nothing for a while (a long
   * computation). Reading input and emitting records count as progress by themselves.
   */
  default void progress() {}
}
