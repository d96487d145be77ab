package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StringCodecTest {
  private final StringCodec codec = new StringCodec();

  private String roundTrip(String s) {
    ByteSink sink = new ByteSink(4);
    codec.write(s, sink);
    return codec.read(sink.array(), 0, sink.size());
  }

  @Test
  void wellFormedStringsRoundTrip() {
    for (String s :
        List.of("", "plain", "café", "日本", "\uD835\uDC00 math", "mixed a\u00e9\uD83D\uDE00z")) {
      assertThat(roundTrip(s)).isEqualTo(s);
    }
  }

  /** The JDK would write each of these as '?', making three different keys one group. */
  @Test
  void unpairedSurrogatesAreRefusedNotMergedWithQuestionMarks() {
    for (String s : List.of("\uD800", "x\uDC00", "a\uD83Db")) {
      assertThatThrownBy(() -> codec.write(s, new ByteSink(4)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unpaired surrogate");
    }
    assertThat(roundTrip("?")).isEqualTo("?");
  }
}
