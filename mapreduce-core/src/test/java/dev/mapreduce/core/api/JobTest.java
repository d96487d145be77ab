package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JobTest {
  public static final class Identity implements Mapper<Long, String, String, String> {
    @Override
    public void map(Long k, String v, Emitter<String, String> out) {
      out.emit(v, v);
    }
  }

  public static final class First implements Reducer<String, String, String, String> {
    @Override
    public void reduce(String k, Iterable<String> vs, Emitter<String, String> out) {
      out.emit(k, vs.iterator().next());
    }
  }

  /** Not instantiable by a worker: no no-arg constructor. */
  public static final class NeedsArgument implements Reducer<String, String, String, String> {
    public NeedsArgument(int unused) {}

    @Override
    public void reduce(String k, Iterable<String> vs, Emitter<String, String> out) {}
  }

  private Job.Builder valid() {
    return Job.builder("t")
        .input(Path.of("in"))
        .output(Path.of("out"))
        .mapper(Identity.class)
        .reducer(First.class);
  }

  @Test
  void rejectsBadSettingsNamingTheProblem() {
    assertThatThrownBy(() -> valid().reduceTasks(0).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reduce tasks")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> valid().splitSize(0).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("split size");
    assertThatThrownBy(
            () ->
                Job.builder("t")
                    .output(Path.of("o"))
                    .mapper(Identity.class)
                    .reducer(First.class)
                    .build())
        .hasMessageContaining("no input");
    assertThatThrownBy(() -> valid().reducer(NeedsArgument.class).build())
        .hasMessageContaining("no-arg constructor")
        .hasMessageContaining("NeedsArgument");
  }

  @Test
  void descriptorRoundTripGivesAnEqualDescriptor() {
    Job job =
        valid().reduceTasks(5).splitSize(1234).set("color", "blue").combiner(First.class).build();
    Job back = Job.fromDescriptor(job.toDescriptor(), getClass().getClassLoader());
    assertThat(back.toDescriptor()).isEqualTo(job.toDescriptor());
    assertThat(back.configuration()).containsEntry("color", "blue");
    assertThat(back.reduceTasks()).isEqualTo(5);
  }

  @Test
  void codecsRoundTripAndStringBytesSortInCodePointOrder() {
    StringCodec s = new StringCodec();
    LongCodec l = new LongCodec();
    String[] words = {"a", "é", "z", "東京", "😀", "\uFFFF", ""};
    for (String a : words) {
      ByteSink sa = new ByteSink(4);
      s.write(a, sa);
      assertThat(s.read(sa.array(), 0, sa.size())).isEqualTo(a);
      for (String b : words) {
        ByteSink sb = new ByteSink(4);
        s.write(b, sb);
        int bytes =
            java.util.Arrays.compareUnsigned(sa.array(), 0, sa.size(), sb.array(), 0, sb.size());
        assertThat(Integer.signum(bytes))
            .isEqualTo(Integer.signum(StringCodec.CODE_POINT_ORDER.compare(a, b)));
      }
    }
    for (long v : new long[] {0, 1, -1, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE}) {
      ByteSink b = new ByteSink(1);
      l.write(v, b);
      assertThat(l.read(b.array(), 0, b.size())).isEqualTo(v);
    }
  }
}
