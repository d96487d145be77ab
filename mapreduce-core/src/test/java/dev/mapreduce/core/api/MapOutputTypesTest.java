package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** Job.build() compares the map output codecs with the types user classes declare. */
class MapOutputTypesTest {
  public static final class CountWords implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String line, Emitter<String, Long> out) {
      out.emit(line, 1L);
    }
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {
      long s = 0;
      for (long v : vs) {
        s += v;
      }
      out.emit(k, s);
    }
  }

  /** Declares through a generic superclass: the check must follow the type variables. */
  public abstract static class Keyed<V> implements Mapper<Long, String, String, V> {}

  public static final class KeyedLongs extends Keyed<Long> {
    @Override
    public void map(Long k, String line, Emitter<String, Long> out) {
      out.emit(line, 1L);
    }
  }

  /** Says nothing precise about what it emits: only a run can tell. */
  public static final class Anything implements Mapper<Long, String, String, Object> {
    @Override
    public void map(Long k, String line, Emitter<String, Object> out) {}
  }

  public static final class AnyReducer implements Reducer<String, Object, String, Object> {
    @Override
    public void reduce(String k, Iterable<Object> vs, Emitter<String, Object> out) {}
  }

  public static final class StringsBackwards implements Comparator<String> {
    @Override
    public int compare(String a, String b) {
      return b.compareTo(a);
    }
  }

  /** A value-only codec. */
  public static final class Utf16Codec implements Codec<String> {
    @Override
    public void write(String value, ByteSink out) {}

    @Override
    public String read(byte[] buffer, int offset, int length) {
      return "";
    }
  }

  private Job.Builder job() {
    return Job.builder("wc").input(Path.of("in")).output(Path.of("out"));
  }

  @Test
  void forgettingMapOutputWithLongValuesFailsAtBuildNamingTheSettingAndTheFix() {
    assertThatThrownBy(() -> job().mapper(CountWords.class).reducer(Sum.class).build())
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(
            "value codec dev.mapreduce.core.api.StringCodec encodes java.lang.String")
        .hasMessageContaining("emits values of type java.lang.Long")
        .hasMessageContaining(".mapOutput(StringCodec.class, LongCodec.class)");
  }

  @Test
  void typesDeclaredThroughAGenericSuperclassAreFollowed() {
    assertThatThrownBy(() -> job().mapper(KeyedLongs.class).reducer(Sum.class).build())
        .hasMessageContaining("emits values of type java.lang.Long");
    assertThatCode(
            () ->
                job()
                    .mapper(KeyedLongs.class)
                    .reducer(Sum.class)
                    .combiner(Sum.class)
                    .mapOutput(StringCodec.class, LongCodec.class)
                    .build())
        .doesNotThrowAnyException();
  }

  @Test
  void theReducerAndCombinerAreCheckedToo() {
    assertThatThrownBy(
            () ->
                job()
                    .mapper(Anything.class)
                    .reducer(Sum.class)
                    .mapOutput(StringCodec.class, IntegerCodec.class)
                    .build())
        .hasMessageContaining(
            "the reducer " + Sum.class.getName() + " takes values of type java.lang.Long");
    assertThatThrownBy(
            () ->
                job()
                    .mapper(Anything.class)
                    .reducer(AnyReducer.class)
                    .combiner(Sum.class)
                    .mapOutput(StringCodec.class, DoubleCodec.class)
                    .build())
        .hasMessageContaining("the combiner " + Sum.class.getName());
  }

  @Test
  void whatTheDeclarationsLeaveOpenIsLeftToTheRun() {
    assertThatCode(
            () ->
                job()
                    .mapper(Anything.class)
                    .reducer(AnyReducer.class)
                    .mapOutput(StringCodec.class, BytesCodec.class)
                    .build())
        .doesNotThrowAnyException();
  }

  @Test
  void aKeyCodecWithoutOrderNeedsTheJobToNameOne() {
    assertThatThrownBy(
            () ->
                job()
                    .mapper(Anything.class)
                    .reducer(AnyReducer.class)
                    .mapOutput(Utf16Codec.class, StringCodec.class)
                    .build())
        .hasMessageContaining("defines no order")
        .hasMessageContaining(".keyOrder(");
    Job ordered =
        job()
            .mapper(Anything.class)
            .reducer(AnyReducer.class)
            .mapOutput(Utf16Codec.class, Utf16Codec.class)
            .keyOrder(StringsBackwards.class)
            .build();
    assertThat(ordered.newKeyOrder()).isPresent();
  }

  @Test
  void disjointOnlyWhenNoObjectCanBeBoth() {
    assertThat(MapOutputTypes.disjoint(String.class, Long.class)).isTrue();
    assertThat(MapOutputTypes.disjoint(Object.class, Long.class)).isFalse();
    assertThat(MapOutputTypes.disjoint(Number.class, Long.class)).isFalse();
    assertThat(MapOutputTypes.disjoint(Runnable.class, String.class)).isTrue(); // String is final
    assertThat(MapOutputTypes.disjoint(Runnable.class, Number.class))
        .isFalse(); // a subclass may be both
  }
}
