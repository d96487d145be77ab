package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ready codecs round-trip, and those that claim byte order sort as their natural order. */
class ReadyCodecsTest {
  private final Random rnd = new Random(5);

  @Test
  void doublesRoundTripAndTheirBytesSortLikeDoubleCompare() {
    List<Double> values =
        new ArrayList<>(
            List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                Double.MIN_VALUE,
                -Double.MIN_VALUE,
                Double.MAX_VALUE,
                -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                Double.NaN));
    for (int i = 0; i < 300; i++) {
      values.add(
          rnd.nextBoolean() ? rnd.nextGaussian() * 1e6 : Double.longBitsToDouble(rnd.nextLong()));
    }
    DoubleCodec codec = new DoubleCodec();
    assertThat(codec.bytesSortLikeNaturalOrder()).isTrue();
    for (double a : values) {
      byte[] ea = encode(codec, a);
      assertThat(codec.read(ea, 0, ea.length))
          .isEqualTo(Double.valueOf(a)); // Double.equals: NaN == NaN, 0.0 != -0.0
      for (int j = 0; j < 20; j++) {
        double b = values.get(rnd.nextInt(values.size()));
        byte[] eb = encode(codec, b);
        assertThat(Integer.signum(unsignedCompare(ea, eb)))
            .as("%s vs %s", a, b)
            .isEqualTo(Integer.signum(Double.compare(a, b)));
      }
    }
  }

  @Test
  void byteArraysRoundTripAndSortAsUnsignedBytes() {
    BytesCodec codec = new BytesCodec();
    for (int i = 0; i < 300; i++) {
      byte[] a = random();
      byte[] b = random();
      byte[] ea = encode(codec, a);
      assertThat(codec.read(ea, 0, ea.length)).isEqualTo(a);
      assertThat(Integer.signum(codec.naturalOrder().compare(a, b)))
          .isEqualTo(Integer.signum(unsignedCompare(a, b)));
    }
  }

  @Test
  void longsAndIntsRoundTrip() {
    for (int i = 0; i < 300; i++) {
      long l = rnd.nextLong() >> rnd.nextInt(64);
      byte[] e = encode(new LongCodec(), l);
      assertThat(new LongCodec().read(e, 0, e.length)).isEqualTo(l);
      byte[] f = encode(new IntegerCodec(), (int) l);
      assertThat(new IntegerCodec().read(f, 0, f.length)).isEqualTo((int) l);
    }
  }

  @Test
  void byteArrayKeysWithEqualContentGoToTheSamePartition() {
    HashPartitioner<byte[]> p = new HashPartitioner<>();
    for (int i = 0; i < 50; i++) {
      byte[] a = random();
      assertThat(p.partition(a.clone(), 7)).isEqualTo(p.partition(a.clone(), 7));
    }
  }

  private byte[] random() {
    byte[] b = new byte[rnd.nextInt(6)];
    rnd.nextBytes(b);
    return b;
  }

  private static <T> byte[] encode(Codec<T> codec, T value) {
    ByteSink sink = new ByteSink(0);
    codec.write(value, sink);
    return sink.toByteArray();
  }

  /** Plain loop, independent of Arrays.compareUnsigned. */
  private static int unsignedCompare(byte[] a, byte[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int d = (a[i] & 0xFF) - (b[i] & 0xFF);
      if (d != 0) {
        return d;
      }
    }
    return a.length - b.length;
  }
}
