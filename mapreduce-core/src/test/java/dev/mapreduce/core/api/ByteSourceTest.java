package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every ByteSink writer has a ByteSource reader that gives back what was written. */
class ByteSourceTest {
  private static final long[] EDGES = {
    0, 1, -1, 63, -64, 64, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE
  };

  @Test
  void mixedFieldsInRandomOrderReadBackAsWritten() {
    Random rnd = new Random(11);
    for (int round = 0; round < 200; round++) {
      List<Object> written = new ArrayList<>();
      List<Integer> kinds = new ArrayList<>();
      ByteSink sink = new ByteSink(1);
      sink.write(new byte[] {9, 9, 9}, 0, 3); // the record need not start at offset 0
      for (int i = rnd.nextInt(12); i > 0; i--) {
        int kind = rnd.nextInt(8);
        long l =
            rnd.nextBoolean()
                ? EDGES[rnd.nextInt(EDGES.length)]
                : rnd.nextLong() >> rnd.nextInt(64);
        Object v =
            switch (kind) {
              case 0 -> rnd.nextInt(256);
              case 1 -> l & Long.MAX_VALUE;
              case 2 -> l;
              case 3 -> (int) l;
              case 4 -> l;
              case 5 -> rnd.nextBoolean() ? Double.longBitsToDouble(l) : rnd.nextGaussian();
              case 6 -> randomString(rnd);
              default -> randomBytes(rnd);
            };
        switch (kind) {
          case 0 -> sink.write((Integer) v);
          case 1 -> sink.writeVarLong((Long) v);
          case 2 -> sink.writeZigZagLong((Long) v);
          case 3 -> sink.writeInt((Integer) v);
          case 4 -> sink.writeLong((Long) v);
          case 5 -> sink.writeDouble((Double) v);
          case 6 -> sink.writeString((String) v);
          default -> sink.writeBytes((byte[]) v);
        }
        written.add(v);
        kinds.add(kind);
      }
      ByteSource in = new ByteSource(sink.array(), 3, sink.size() - 3);
      List<Object> read = new ArrayList<>();
      for (int kind : kinds) {
        read.add(
            switch (kind) {
              case 0 -> in.readByte();
              case 1 -> in.readVarLong();
              case 2 -> in.readZigZagLong();
              case 3 -> in.readInt();
              case 4 -> in.readLong();
              case 5 -> in.readDouble();
              case 6 -> in.readString();
              default -> in.readBytes();
            });
      }
      assertThat(comparable(read)).isEqualTo(comparable(written));
      assertThat(in.remaining()).isZero();
    }
  }

  @Test
  void fixedWidthFieldsAreBigEndianLikeByteBuffer() {
    ByteSink sink = new ByteSink(0);
    sink.writeInt(0x12345678);
    sink.writeLong(-2L);
    sink.writeDouble(-1.5);
    byte[] expected =
        ByteBuffer.allocate(20).putInt(0x12345678).putLong(-2L).putDouble(-1.5).array();
    assertThat(sink.toByteArray()).isEqualTo(expected);
  }

  @Test
  void smallSignedNumbersTakeOneByteAndStringsCarryTheirUtf8Length() {
    ByteSink sink = new ByteSink(0);
    sink.writeZigZagLong(-64);
    sink.writeZigZagLong(63);
    assertThat(sink.size()).isEqualTo(2);
    sink.reset();
    sink.writeString("é");
    byte[] utf8 = "é".getBytes(StandardCharsets.UTF_8);
    assertThat(sink.toByteArray()).containsExactly(2, utf8[0], utf8[1]);
  }

  @Test
  void readingPastTheEndIsAnErrorNotGarbage() {
    ByteSink sink = new ByteSink(0);
    sink.writeString("hello");
    ByteSource cut = new ByteSource(sink.array(), 0, 3);
    assertThatThrownBy(cut::readString)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("does not fit");
    ByteSource empty = new ByteSource(new byte[4], 4, 0);
    assertThatThrownBy(empty::readInt).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void writeStringRefusesAnUnpairedSurrogate() {
    assertThatThrownBy(() -> new ByteSink(0).writeString("a\uD800b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Arrays by content, doubles by their bits: writeDouble keeps one NaN of the many, as
   * Double.doubleToLongBits does, and NaN equals nothing under ==.
   */
  private static List<Object> comparable(List<Object> values) {
    return values.stream()
        .map(
            v ->
                v instanceof byte[] b
                    ? (Object) Arrays.toString(b)
                    : v instanceof Double d ? (Object) ("double " + Double.doubleToLongBits(d)) : v)
        .toList();
  }

  private static String randomString(Random rnd) {
    StringBuilder b = new StringBuilder();
    for (int i = rnd.nextInt(20); i > 0; i--) {
      int cp = rnd.nextInt(4) == 0 ? 0x1F600 + rnd.nextInt(50) : 0x20 + rnd.nextInt(0x500);
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  private static byte[] randomBytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(300)];
    rnd.nextBytes(b);
    return b;
  }
}
