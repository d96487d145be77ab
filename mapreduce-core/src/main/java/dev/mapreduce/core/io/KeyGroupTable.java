package dev.mapreduce.core.io;

import dev.mapreduce.core.api.ByteSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table from encoded keys to their {@link Group}s. Keys live back to back
 * in one byte arena and hashes in a parallel int array, so a lookup touches two arrays and, on a
 * hit, one group: far fewer cache misses than a {@code HashMap} of wrapper objects, which matters
 * because the map side looks up every emitted record here.
 */
final class KeyGroupTable {
  /** Values of one distinct key, each stored as {@code varint length, bytes}. */
  static final class Group {
    final int keyOffset;
    final int keyLength;
    final int partition;
    byte[] values = new byte[16];
    int valuesLength;
    int count;
    Object decodedKey;

    Group(int keyOffset, int keyLength, int partition) {
      this.keyOffset = keyOffset;
      this.keyLength = keyLength;
      this.partition = partition;
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
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Group g = slots[i];
      if (g == null) {
        lastFreeSlot = i;
        return null;
      }
      if (hashes[i] == hash && g.keyLength == len && sameBytes(keys.array(), g.keyOffset, key, len)) {
        return g;
      }
    }
  }

  private int lastFreeSlot;

  /** Adds a group for a key that {@link #find} just reported missing. */
  Group insert(byte[] key, int len, int hash, int partition) {
    int offset = keys.size();
    keys.write(key, 0, len);
    Group g = new Group(offset, len, partition);
    slots[lastFreeSlot] = g;
    hashes[lastFreeSlot] = hash;
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
    slots = new Group[oldSlots.length * 2];
    hashes = new int[oldSlots.length * 2];
    int mask = slots.length - 1;
    for (int j = 0; j < oldSlots.length; j++) {
      if (oldSlots[j] != null) {
        int i = oldHashes[j] & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = oldSlots[j];
        hashes[i] = oldHashes[j];
      }
    }
  }

  private static boolean sameBytes(byte[] arena, int off, byte[] key, int len) {
    // An intrinsic: compares many bytes per instruction, where a loop compares one.
    return Arrays.equals(arena, off, off + len, key, 0, len);
  }
}
