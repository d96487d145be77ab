package dev.mapreduce.core.api;

/** Chooses the reduce task (0..R-1) for a key. Must be deterministic across processes. */
@FunctionalInterface
public interface Partitioner<K> {
  int partition(K key, int reduceTasks);
}
