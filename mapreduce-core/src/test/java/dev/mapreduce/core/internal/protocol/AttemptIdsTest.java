package dev.mapreduce.core.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AttemptIdsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "m-00000-a1",
        "r-00003-a12",
        "m-99999-a2147483647",
        "r-2147483647-a1", // an index past 99999 simply has more digits (%05d)
        "j1a2b3c.m-00000-a1",
        "job_42.r-00003-a12",
        "_.m-00001-a3",
      })
  void acceptsIdsAsTheCoordinatorGeneratesThem(String id) {
    assertThat(AttemptIds.isValid(id)).isTrue();
    assertThat(AttemptIds.requireValid(id)).isSameAs(id);
  }

  @Test
  void acceptsAPrefixOfExactly64Characters() {
    assertThat(AttemptIds.isValid("p".repeat(64) + ".m-00000-a1")).isTrue();
    assertThat(AttemptIds.isValid("p".repeat(65) + ".m-00000-a1")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "/tmp/victim",
        "../x",
        "..",
        ".",
        "m-00000-a1/../../x",
        "m-00000-a1/x",
        "C:\\x",
        "m-00000-a1\\..\\x",
        "C:m-00000-a1",
        "/m-00000-a1",
        "./m-00000-a1",
        "..m-00000-a1",
        ".m-00000-a1",
        "a..m-00000-a1",
        "a.b.m-00000-a1",
        "m-00000-a1.",
        "m-00000-a1\n",
        "m-00000-a1\u0000",
        "\u001b[2Jm-00000-a1",
        " m-00000-a1",
        "M-00000-a1",
        "x-00000-a1",
        "m-0000-a1", // fewer digits than %05d produces
        "m-00000-a0", // attempts count from 1
        "m-00000-a01",
        "m-00000-a",
        "m-00000",
        "m--00001-a1",
        "m-00000-a1-a2",
        "m-\u0660\u0660\u0660\u0660\u0660-a1", // Arabic-Indic digits are not [0-9]
        "j\u00e9.m-00000-a1",
        "j-1.m-00000-a1",
      })
  void rejectsAnythingElse(String id) {
    assertThat(AttemptIds.isValid(id)).isFalse();
    assertThatThrownBy(() -> AttemptIds.requireValid(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid attempt id");
  }

  @Test
  void rejectsNull() {
    assertThat(AttemptIds.isValid(null)).isFalse();
    assertThatThrownBy(() -> AttemptIds.requireValid(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid attempt id");
  }

  @Test
  void rejectsOverlongIdsEvenIfOtherwiseWellFormed() {
    // 11 digits overflow the coordinator's int counter; a 10 KB id is just hostile.
    assertThat(AttemptIds.isValid("m-00000-a12345678901")).isFalse();
    assertThat(AttemptIds.isValid("m-" + "0".repeat(10_000) + "-a1")).isFalse();
    assertThat(AttemptIds.isValid("x".repeat(10 * 1024))).isFalse();
  }

  @Test
  void errorMessageEscapesAndTruncatesHostileInput() {
    String hostile = "\u001b[2J\r\n" + "/".repeat(10 * 1024) + "\u202e";
    assertThatThrownBy(() -> AttemptIds.requireValid(hostile))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(
            e -> {
              String m = e.getMessage();
              assertThat(m).startsWith("invalid attempt id ");
              assertThat(m.length()).isLessThan(200);
              assertThat(m).doesNotContain("\u001b", "\r", "\n", "\u202e");
              assertThat(m).contains("\\u001b").contains(hostile.length() + " chars");
            });
  }
}
