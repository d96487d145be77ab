package dev.mapreduce.core.api;

/**
 * The reduce function, called once per distinct key in key order with every value for that key.
 * Also used as a combiner on map output, where it must emit the same key and value types it takes
 * and may be applied zero, one or many times.
 */
@FunctionalInterface
public interface Reducer<K2, V2, K3, V3> {
  void reduce(K2 key, Iterable<V2> values, Emitter<K3, V3> out) throws Exception;
}
