package dev.mapreduce.core.api;

/**
 * The map function. For text input the key is the line's byte offset in its file and the value is
 * the line without its terminator. A new instance is created (public no-arg constructor) for each
 * task attempt, so fields are per-attempt state.
 */
@FunctionalInterface
public interface Mapper<K1, V1, K2, V2> {
  void map(K1 key, V1 value, Emitter<K2, V2> out) throws Exception;

  /** Called once after the last record of the split. */
  default void finish(Emitter<K2, V2> out) throws Exception {}
}
