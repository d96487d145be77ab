package dev.mapreduce.core.api;

import java.util.Arrays;

/**
 * The default: the key's hash code modulo R. A {@code byte[]} key is hashed by content, since an
 * array's own hash code differs from one array to the next. Other keys need a {@code hashCode} that
 * is the same in every process: strings, boxed numbers and records of those have one; enums and
 * identity-hashed objects do not.
 */
public final class HashPartitioner<K> implements Partitioner<K> {
  @Override
  public int partition(K key, int reduceTasks) {
    int hash = key instanceof byte[] bytes ? Arrays.hashCode(bytes) : key.hashCode();
    return Math.floorMod(hash, reduceTasks);
  }
}
