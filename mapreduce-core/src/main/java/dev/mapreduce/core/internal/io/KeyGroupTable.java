package dev.mapreduce.core.internal.io;

import dev.mapreduce.core.api.ByteSink;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table from encoded keys to their {@link Group}s. Keys live back to back
 * in one byte arena; each slot also keeps the key's hash, length and first 16 bytes, packed in one
 * array, so a lookup of a short key (most words) is decided without touching the arena: a profile
 * showed the arena's cache misses, not the comparison, taking a third of the map side. The map side
 * looks up every emitted record here.
 *
 * <p>A folding combiner's state lives beside the slot too: the count in the slot's metadata and the
 * folded value next to the slot's group reference, so folding a record into a known key touches the
 * metadata line, the reference line and the value, but not the {@link Group} object (a profile
 * showed that extra dependent load taking a third of the fold path). {@link #groups()} copies that
 * state into the groups when they are spilled.
 */
final class KeyGroupTable {
  /** Values of one distinct key, each stored as {@code varint length, bytes}. */
  static final class Group {
    final int keyOffset;
    final int keyLength;
    final int partition;

    /** The key's first 16 bytes, big-endian, zero-padded: sorting compares these first. */
    final long prefix0;

    final long prefix1;

    /** Allocated on the first value: a folded group never needs one. */
    byte[] values = NO_VALUES;

    int valuesLength;
    int count;
    Object decodedKey;

    /** With a folding combiner: the one value standing for all of this key's, instead of bytes. */
    Object folded;

    /** The encoded size of {@link #folded} when last measured. */
    int foldedBytes;

    Group(int keyOffset, int keyLength, int partition, long prefix0, long prefix1) {
      this.keyOffset = keyOffset;
      this.keyLength = keyLength;
      this.partition = partition;
      this.prefix0 = prefix0;
      this.prefix1 = prefix1;
    }

    Group(int keyOffset, int keyLength, int partition) {
      this(keyOffset, keyLength, partition, 0, 0);
    }

    /** Room for {@code extra} more value bytes; returns the (possibly new) array. */
    byte[] reserve(int extra) {
      if (valuesLength + extra > values.length) {
        values =
            Arrays.copyOf(values, Math.max(16, Math.max(values.length * 2, valuesLength + extra)));
      }
      return values;
    }

    void replaceValues(ByteSink sink, int newCount) {
      values = sink.toByteArray();
      valuesLength = values.length;
      count = newCount;
    }
  }

  private static final byte[] NO_VALUES = new byte[0];

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final int INITIAL_SLOTS = 1 << 12;

  private final ByteSink keys = new ByteSink(1 << 16);

  /**
   * Per slot, side by side so that one probe reads one cache line: {@code hash << 32 | length},
   * then the key's first 16 bytes as two big-endian longs (zero past the key's end), then the
   * number of values folded into the slot.
   */
  private long[] meta = new long[META * INITIAL_SLOTS];

  /** Per slot: its {@link Group}, then its folded value (null unless a folding combiner runs). */
  private Object[] slots = new Object[2 * INITIAL_SLOTS];

  /**
   * Per slot, with a {@code long} folding combiner: the folded value itself, so a fold loads no
   * object (its index is known with the slot's, so the load runs beside the metadata's).
   */
  private long[] foldedLongs = new long[INITIAL_SLOTS];

  private boolean longValues;

  private static final int META = 4;
  private int size;
  private int lastFreeSlot;
  private long lastMeta;
  private long lastPrefix0;
  private long lastPrefix1;

  int size() {
    return size;
  }

  byte[] keyBytes() {
    return keys.array();
  }

  /** The slot of the encoded key {@code key[0..len)}, or -1. Sets up {@link #insertSlot}. */
  int findSlot(byte[] key, int len) {
    long p0 = word(key, 0, len);
    long p1 = word(key, 8, len);
    int hash = hash(key, len, p0, p1);
    long m = ((long) hash << 32) | len;
    lastMeta = m;
    lastPrefix0 = p0;
    lastPrefix1 = p1;
    int mask = capacity() - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      int at = META * i;
      long mi = meta[at];
      if (mi == 0) {
        lastFreeSlot = i;
        return -1;
      }
      if (mi == m
          && meta[at + 1] == p0
          && meta[at + 2] == p1
          && (len <= 16 || sameBytes(keys.array(), group(i).keyOffset, key, len))) {
        return i;
      }
    }
  }

  Group group(int slot) {
    return (Group) slots[2 * slot];
  }

  Object folded(int slot) {
    return slots[2 * slot + 1];
  }

  void setFolded(int slot, Object value) {
    slots[2 * slot + 1] = value;
  }

  /** Folded values are kept as primitives ({@link #foldedLong}) rather than objects. */
  void keepLongValues() {
    longValues = true;
  }

  long foldedLong(int slot) {
    return foldedLongs[slot];
  }

  void setFoldedLong(int slot, long value) {
    foldedLongs[slot] = value;
  }

  /** Values folded into the slot so far. */
  long foldCount(int slot) {
    return meta[META * slot + 3];
  }

  void setFoldCount(int slot, long count) {
    meta[META * slot + 3] = count;
  }

  private int capacity() {
    return slots.length / 2;
  }

  /** Adds a group for a key that {@link #findSlot} just reported missing; returns its slot. */
  int insertSlot(byte[] key, int len, int partition) {
    int offset = keys.size();
    keys.write(key, 0, len);
    Group g = new Group(offset, len, partition, lastPrefix0, lastPrefix1);
    int slot = lastFreeSlot;
    slots[2 * slot] = g;
    int at = META * slot;
    meta[at] = lastMeta;
    meta[at + 1] = lastPrefix0;
    meta[at + 2] = lastPrefix1;
    if (++size * 2 > capacity()) {
      slot = grow(slot);
    }
    return slot;
  }

  /** The groups, with any folded value and count copied in from their slots. */
  List<Group> groups() {
    List<Group> out = new ArrayList<>(size);
    for (int i = 0; i < capacity(); i++) {
      Group g = group(i);
      if (g != null) {
        Object folded = longValues && foldCount(i) > 0 ? (Object) foldedLongs[i] : folded(i);
        if (folded != null) {
          g.folded = folded;
          g.count = (int) Math.min(Integer.MAX_VALUE, foldCount(i));
        }
        out.add(g);
      }
    }
    return out;
  }

  void clear() {
    keys.reset();
    meta = new long[META * INITIAL_SLOTS];
    slots = new Object[2 * INITIAL_SLOTS];
    foldedLongs = new long[INITIAL_SLOTS];
    size = 0;
  }

  /** Bytes {@code from..from+8} of the key as a big-endian long, zero past the key's end. */
  static long word(byte[] key, int from, int len) {
    int n = len - from;
    if (n <= 0) {
      return 0;
    }
    if (from + 8 <= key.length) {
      long v = (long) LONGS.get(key, from);
      return n >= 8 ? v : v & (-1L << (8 * (8 - n)));
    }
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (i < len ? key[i] & 0xFF : 0);
    }
    return v;
  }

  /**
   * Eight bytes at a time, then a 64-bit finalizer: all bits of every byte reach the low bits the
   * table indexes with (a byte-at-a-time multiply leaves low bits depending on low bits only).
   */
  static int hash(byte[] key, int len, long p0, long p1) {
    long h = (p0 * 0x9E3779B97F4A7C15L) ^ (p1 * 0xC2B2AE3D27D4EB4FL) ^ len;
    for (int from = 16; from < len; from += 8) {
      h = (h ^ word(key, from, len)) * 0x9E3779B97F4A7C15L;
    }
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    // Never 0: a slot's metadata {@code hash << 32 | length} is 0 only when the slot is empty,
    // even for the empty key.
    int folded = (int) (h ^ (h >>> 32));
    return folded == 0 ? 1 : folded;
  }

  /** Doubles the table; returns where slot {@code tracked} moved to. */
  private int grow(int tracked) {
    Object[] oldSlots = slots;
    long[] oldMeta = meta;
    long[] oldLongs = foldedLongs;
    int oldCapacity = capacity();
    slots = new Object[oldSlots.length * 2];
    meta = new long[META * capacity()];
    foldedLongs = new long[capacity()];
    int mask = capacity() - 1;
    int moved = -1;
    for (int j = 0; j < oldCapacity; j++) {
      if (oldSlots[2 * j] != null) {
        int i = (int) (oldMeta[META * j] >>> 32) & mask;
        while (slots[2 * i] != null) {
          i = (i + 1) & mask;
        }
        slots[2 * i] = oldSlots[2 * j];
        slots[2 * i + 1] = oldSlots[2 * j + 1];
        foldedLongs[i] = oldLongs[j];
        System.arraycopy(oldMeta, META * j, meta, META * i, META);
        if (j == tracked) {
          moved = i;
        }
      }
    }
    return moved;
  }

  private static boolean sameBytes(byte[] arena, int off, byte[] key, int len) {
    // An intrinsic: compares many bytes per instruction, where a loop compares one.
    return Arrays.equals(arena, off, off + len, key, 0, len);
  }
}
