package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobResultTest {
  private final JobResult result =
      new JobResult(
          "j",
          Path.of("out"),
          Optional.empty(),
          Map.of("lines", 12L, "skipped", 0L),
          List.of(),
          0,
          List.of(),
          Duration.ZERO);

  @Test
  void aCounterCreatedButNeverIncrementedIsZero() {
    assertThat(result.counter("skipped")).isZero();
    assertThat(result.findCounter("skipped")).isEqualTo(OptionalLong.of(0));
    assertThat(result.counter("lines")).isEqualTo(12);
  }

  @Test
  void aCounterNobodyCreatedIsNotZeroButAnErrorNamingTheKnownOnes() {
    // A misspelt name must not make an isZero() assertion pass.
    assertThatThrownBy(() -> result.counter("line"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'line'")
        .hasMessageContaining("[lines, skipped]");
    assertThat(result.findCounter("line")).isEmpty();
  }
}
