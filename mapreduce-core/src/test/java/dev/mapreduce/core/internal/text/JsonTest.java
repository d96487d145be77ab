package dev.mapreduce.core.internal.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.Gson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Json's output read back by an independent parser (Gson, test scope only). */
class JsonTest {
  @Test
  void nestedValuesAndAwkwardStringsReadBackAsWritten() {
    Map<String, Object> counters = new LinkedHashMap<>();
    counters.put("lines", 42L);
    counters.put("quote\" back\\slash\ttab\nnewline \u0001 \u00e9 \uD83D\uDE00", -7L);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("job", "word \"count\"");
    doc.put("success", true);
    doc.put("mapTasks", 3);
    doc.put("failedWorkers", List.of("w1", "w</script>2"));
    doc.put("excludedWorkers", List.of());
    doc.put("counters", counters);
    doc.put("empty", Map.of());

    Object parsed = new Gson().fromJson(Json.write(doc), Object.class);

    // Gson reads every number as a double: compare with the same view of the input.
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("job", "word \"count\"");
    expected.put("success", true);
    expected.put("mapTasks", 3.0);
    expected.put("failedWorkers", List.of("w1", "w</script>2"));
    expected.put("excludedWorkers", List.of());
    expected.put("counters", Map.of("lines", 42.0, counters.keySet().toArray()[1], -7.0));
    expected.put("empty", Map.of());
    assertThat(parsed).isEqualTo(expected);
  }

  @Test
  void indentsTwoSpacesWithAColonAndSpaceAsBefore() {
    // Scripts grep `"mapTasks": N` in _SUCCESS: keep the layout Gson's pretty printer had.
    assertThat(Json.write(Map.of("mapTasks", 5))).isEqualTo("{\n  \"mapTasks\": 5\n}");
  }
}
