package dev.mapreduce.core.internal.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges sorted runs and presents them one key at a time: {@link #nextKey()} moves to the next
 * distinct key and {@link #values()} streams that key's encoded values from every run. Memory is
 * one record per run, whatever the number of values per key.
 */
public final class GroupedMerge<K> implements Closeable {
  private final PriorityQueue<RunCursor<K>> heap = new PriorityQueue<>((a, b) -> a.compareTo(b));
  private final List<RunReader> readers;
  private final KeyOrder<K> order;
  private byte[] key = new byte[64];
  private int keyLen;
  private K decodedKey;
  private boolean valuePending;

  public GroupedMerge(List<RunReader> readers, KeyOrder<K> order) throws IOException {
    this.readers = readers;
    this.order = order;
    int rank = 0;
    for (RunReader r : readers) {
      RunCursor<K> c = new RunCursor<>(r, order, rank++);
      if (c.advance()) {
        heap.add(c);
      }
    }
  }

  /** Moves to the next distinct key, skipping values of the current key not read. */
  public boolean nextKey() throws IOException {
    while (valuePending) {
      skipValue();
    }
    if (heap.isEmpty()) {
      return false;
    }
    RunReader top = heap.peek().reader();
    keyLen = top.keyLength();
    if (key.length < keyLen) {
      key = Arrays.copyOf(key, Math.max(keyLen, key.length * 2));
    }
    System.arraycopy(top.key(), 0, key, 0, keyLen);
    decodedKey = order.decode(key, 0, keyLen);
    valuePending = true;
    return true;
  }

  public byte[] key() {
    return key;
  }

  public int keyLength() {
    return keyLen;
  }

  /** The current key's values, each valid until the iterator moves on. Single pass. */
  public Iterator<ValueSlice> values() {
    return new Iterator<>() {
      private final ValueSlice slice = new ValueSlice();

      @Override
      public boolean hasNext() {
        return valuePending;
      }

      @Override
      public ValueSlice next() {
        if (!valuePending) {
          throw new NoSuchElementException();
        }
        try {
          RunCursor<K> c = heap.poll();
          RunReader r = c.reader();
          slice.set(r.value(), r.valueLength());
          // The slice must stay valid until next(): copy before advancing the reader.
          slice.detach();
          reinsert(c);
          return slice;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private void skipValue() throws IOException {
    reinsert(heap.poll());
  }

  private void reinsert(RunCursor<K> c) throws IOException {
    if (c.advance()) {
      heap.add(c);
    }
    RunCursor<K> top = heap.peek();
    valuePending = top != null && top.sameKey(key, keyLen, decodedKey);
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (RunReader r : readers) {
      try {
        r.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** An encoded value. */
  public static final class ValueSlice {
    private byte[] bytes = new byte[64];
    private int length;
    private byte[] source;

    void set(byte[] src, int len) {
      source = src;
      length = len;
    }

    void detach() {
      if (bytes.length < length) {
        bytes = new byte[Math.max(length, bytes.length * 2)];
      }
      System.arraycopy(source, 0, bytes, 0, length);
    }

    public byte[] bytes() {
      return bytes;
    }

    public int length() {
      return length;
    }
  }
}
