package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordCodecTest {
  public record Order(String customer, long cents, double weight) {}

  public static final class OrderCodec extends RecordCodec<Order> {
    public OrderCodec() {
      super(Order.class, new StringCodec(), new LongCodec(), new DoubleCodec());
    }
  }

  /** A codec for values only: it defines no order. */
  public static final class Utf16Codec implements Codec<String> {
    @Override
    public void write(String value, ByteSink out) {
      for (char c : value.toCharArray()) {
        out.write(c >>> 8);
        out.write(c);
      }
    }

    @Override
    public String read(byte[] buffer, int offset, int length) {
      ByteSource in = new ByteSource(buffer, offset, length);
      StringBuilder b = new StringBuilder();
      while (in.remaining() > 0) {
        b.append((char) ((in.readByte() << 8) | in.readByte()));
      }
      return b.toString();
    }
  }

  public record Note(String text, int n) {}

  @Test
  void recordsRoundTripWhateverTheFieldsHold() {
    Random rnd = new Random(3);
    OrderCodec codec = new OrderCodec();
    for (int i = 0; i < 500; i++) {
      // Long strings make the framed length take two varint bytes; empty ones take none.
      Order o =
          new Order(
              "c".repeat(rnd.nextInt(300)) + (char) (0x20 + rnd.nextInt(0x3000)),
              rnd.nextLong() >> rnd.nextInt(64),
              rnd.nextGaussian());
      ByteSink sink = new ByteSink(0);
      sink.write(7); // another field before it: the codec writes at the sink's end
      codec.write(o, sink);
      assertThat(codec.read(sink.array(), 1, sink.size() - 1)).isEqualTo(o);
    }
  }

  @Test
  void recordsSortFieldByFieldInTheFieldCodecsOrder() {
    Random rnd = new Random(4);
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      orders.add(
          new Order(
              List.of("b", "a", "\uD83D\uDE00", "\uFFFF").get(rnd.nextInt(4)),
              rnd.nextInt(5) - 2,
              rnd.nextInt(3) - 1.0));
    }
    Comparator<Order> byHand =
        (x, y) -> {
          int c = compareCodePoints(x.customer(), y.customer());
          if (c == 0) {
            c = Long.compare(x.cents(), y.cents());
          }
          return c != 0 ? c : Double.compare(x.weight(), y.weight());
        };
    List<Order> sorted = new ArrayList<>(orders);
    sorted.sort(new OrderCodec().naturalOrder());
    List<Order> expected = new ArrayList<>(orders);
    expected.sort(byHand);
    assertThat(sorted).isEqualTo(expected);
  }

  @Test
  void aCodecOfTheWrongTypeForAComponentIsRefusedWithItsName() {
    assertThatThrownBy(() -> new RecordCodec<>(Note.class, new StringCodec(), new LongCodec()) {})
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("component 'n'")
        .hasMessageContaining("java.lang.Long");
    assertThatThrownBy(() -> new RecordCodec<>(Note.class, new StringCodec()) {})
        .hasMessageContaining("2 record components but 1 codecs");
  }

  @Test
  void aRecordWithAValueOnlyComponentCodecRoundTripsButCannotSortAsAKey() {
    RecordCodec<Note> codec =
        new RecordCodec<>(Note.class, new Utf16Codec(), new IntegerCodec()) {};
    ByteSink sink = new ByteSink(0);
    codec.write(new Note("hi", -3), sink);
    assertThat(codec.read(sink.array(), 0, sink.size())).isEqualTo(new Note("hi", -3));
    assertThatThrownBy(codec::naturalOrder)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("component 'text'")
        .hasMessageContaining("keyOrder");
  }

  /** Unicode code point order, written out independently of StringCodec. */
  private static int compareCodePoints(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] != y[i]) {
        return Integer.compare(x[i], y[i]);
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
