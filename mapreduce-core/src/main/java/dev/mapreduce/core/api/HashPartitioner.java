package dev.mapreduce.core.api;

/** The default: the key's hash code modulo R. */
public final class HashPartitioner<K> implements Partitioner<K> {
  @Override
  public int partition(K key, int reduceTasks) {
    return Math.floorMod(key.hashCode(), reduceTasks);
  }
}
