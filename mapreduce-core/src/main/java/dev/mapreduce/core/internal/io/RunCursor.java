package dev.mapreduce.core.internal.io;

import java.io.Closeable;
import java.io.IOException;

/** A run reader positioned on a record, with the key decoded once when the order needs it. */
final class RunCursor<K> implements Closeable {
  private final RunReader reader;
  private final KeyOrder<K> order;
  private final int rank;
  private K decodedKey;

  RunCursor(RunReader reader, KeyOrder<K> order, int rank) {
    this.reader = reader;
    this.order = order;
    this.rank = rank;
  }

  boolean advance() throws IOException {
    if (!reader.next()) {
      return false;
    }
    decodedKey = order.decode(reader.key(), 0, reader.keyLength());
    return true;
  }

  RunReader reader() {
    return reader;
  }

  int compareTo(RunCursor<K> other) {
    int c =
        order.compare(
            reader.key(),
            0,
            reader.keyLength(),
            decodedKey,
            other.reader.key(),
            0,
            other.reader.keyLength(),
            other.decodedKey);
    // Ties go to the earlier run, which keeps values in a stable order.
    return c != 0 ? c : Integer.compare(rank, other.rank);
  }

  boolean sameKey(byte[] key, int keyLen, K decoded) {
    return order.compare(reader.key(), 0, reader.keyLength(), decodedKey, key, 0, keyLen, decoded)
        == 0;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
