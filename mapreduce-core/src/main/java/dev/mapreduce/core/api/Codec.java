package dev.mapreduce.core.api;

/**
 * Turns map output keys and values into bytes and back. Map output is held and spilled as bytes,
 * never as objects, so memory is bounded by the sort buffer. A key codec also orders keys: see
 * {@link KeyCodec}; a codec used only for values needs no order.
 *
 * <p>Implementations need a public no-arg constructor so a remote worker can create them from the
 * class name. The engine checks the type argument {@code T} against the mapper's and reducer's
 * types when the job is built (see {@link Job.Builder#mapOutput}), so declare it: {@code implements
 * Codec<Order>}, not a raw {@code Codec}.
 *
 * @param <T> the type of the values it encodes
 */
public interface Codec<T> {
  /**
   * Appends the encoding of {@code value} to {@code out}. The engine frames each key and value, so
   * the last field needs no length of its own.
   *
   * @param value never null
   * @param out where the bytes go
   */
  void write(T value, ByteSink out);

  /**
   * Decodes what {@link #write} wrote; {@link ByteSource} reads field by field.
   *
   * @param buffer holds the encoding
   * @param offset where it starts
   * @param length exactly the number of bytes {@link #write} appended
   * @return the value
   */
  T read(byte[] buffer, int offset, int length);
}
