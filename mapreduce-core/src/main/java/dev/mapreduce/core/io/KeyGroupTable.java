package dev.mapreduce.core.io;

import dev.mapreduce.core.api.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table from encoded keys to their {@link Group}s. Keys live back to back
 * in one byte arena; each slot also keeps the key's hash, length and first 16 bytes in parallel
 * arrays, so a lookup of a short key (most words) is decided without touching the arena: a
 * profile showed the arena's cache misses, not the comparison, taking a third of the map side.
 * The map side looks up every emitted record here.
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
    byte[] values = new byte[16];
    int valuesLength;
    int count;
    Object decodedKey;

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
        values = Arrays.copyOf(values, Math.max(values.length * 2, valuesLength + extra));
      }
      return values;
    }

    void replaceValues(ByteSink sink, int newCount) {
      values = sink.toByteArray();
      valuesLength = values.length;
      count = newCount;
    }
  }

  private final ByteSink keys = new ByteSink(1 << 16);
  private int[] hashes = new int[1 << 12];
  private int[] lengths = new int[1 << 12];
  private long[] prefixes = new long[2 << 12];
  private Group[] slots = new Group[1 << 12];
  private int size;

  int size() {
    return size;
  }

  byte[] keyBytes() {
    return keys.array();
  }

  /** The group of the encoded key {@code key[0..len)}, or null. Sets up {@link #insert}. */
  Group find(byte[] key, int len, int hash) {
    long p0 = prefix(key, 0, len);
    long p1 = prefix(key, 8, len);
    lastPrefix0 = p0;
    lastPrefix1 = p1;
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Group g = slots[i];
      if (g == null) {
        lastFreeSlot = i;
        return null;
      }
      if (hashes[i] == hash && lengths[i] == len && prefixes[2 * i] == p0 && prefixes[2 * i + 1] == p1
          && (len <= 16 || sameBytes(keys.array(), g.keyOffset, key, len))) {
        return g;
      }
    }
  }

  private long lastPrefix0;
  private long lastPrefix1;

  /** Bytes {@code from..from+8} of the key, big-endian, zero past its end. */
  static long prefix(byte[] key, int from, int len) {
    long v = 0;
    for (int i = from; i < from + 8; i++) {
      v = (v << 8) | (i < len ? key[i] & 0xFF : 0);
    }
    return v;
  }

  private int lastFreeSlot;

  /** Adds a group for a key that {@link #find} just reported missing. */
  Group insert(byte[] key, int len, int hash, int partition) {
    int offset = keys.size();
    keys.write(key, 0, len);
    Group g = new Group(offset, len, partition, lastPrefix0, lastPrefix1);
    slots[lastFreeSlot] = g;
    hashes[lastFreeSlot] = hash;
    lengths[lastFreeSlot] = len;
    prefixes[2 * lastFreeSlot] = lastPrefix0;
    prefixes[2 * lastFreeSlot + 1] = lastPrefix1;
    if (++size * 2 > slots.length) {
      grow();
    }
    return g;
  }

  List<Group> groups() {
    List<Group> out = new ArrayList<>(size);
    for (Group g : slots) {
      if (g != null) {
        out.add(g);
      }
    }
    return out;
  }

  void clear() {
    keys.reset();
    hashes = new int[1 << 12];
    lengths = new int[1 << 12];
    prefixes = new long[2 << 12];
    slots = new Group[1 << 12];
    size = 0;
  }

  static int hash(byte[] b, int len) {
    // Not String's 31-polynomial: words built from a few syllables collide under it often. A
    // large odd multiplier and a final mix spread them.
    int h = len;
    for (int i = 0; i < len; i++) {
      h = (h + b[i]) * 0x9E3779B1;
    }
    return h ^ (h >>> 15);
  }

  private void grow() {
    Group[] oldSlots = slots;
    int[] oldHashes = hashes;
    int[] oldLengths = lengths;
    long[] oldPrefixes = prefixes;
    slots = new Group[oldSlots.length * 2];
    hashes = new int[oldSlots.length * 2];
    lengths = new int[oldSlots.length * 2];
    prefixes = new long[oldSlots.length * 4];
    int mask = slots.length - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] != null) {
        int i = oldHashes[j] & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = oldSlots[j];
        hashes[i] = oldHashes[j];
        lengths[i] = oldLengths[j];
        prefixes[2 * i] = oldPrefixes[2 * j];
        prefixes[2 * i + 1] = oldPrefixes[2 * j + 1];
      }
    }
  }

  private static boolean sameBytes(byte[] arena, int off, byte[] key, int len) {
    // An intrinsic: compares many bytes per instruction, where a loop compares one.
    return Arrays.equals(arena, off, off + len, key, 0, len);
  }
}
