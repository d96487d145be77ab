package dev.mapreduce.core.api;

/**
 * A {@link FoldingCombiner} of {@code long} values that folds without boxing: the map side then
 * keeps each key's value as a primitive in its key table, so folding a record neither allocates nor
 * follows a reference to the previous value. Use it with {@link LongCodec} values, for sums,
 * counts, minimums and maximums.
 *
 * <pre>{@code
 * public final class Sum implements Reducer<String, Long, String, Long>, LongFoldingCombiner {
 *   public void reduce(String key, Iterable<Long> values, Emitter<String, Long> out) {
 *     long sum = 0;
 *     for (long v : values) sum += v;
 *     out.emit(key, sum);
 *   }
 *
 *   public long fold(long left, long right) {
 *     return left + right;
 *   }
 * }
 * }</pre>
 */
public interface LongFoldingCombiner extends FoldingCombiner<Long> {
  /** One value that stands for both; associative and commutative, agreeing with the reduce. */
  long fold(long left, long right);

  @Override
  default Long fold(Long left, Long right) {
    return fold(left.longValue(), right.longValue());
  }
}
