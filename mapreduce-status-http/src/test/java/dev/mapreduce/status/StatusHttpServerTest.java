package dev.mapreduce.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import dev.mapreduce.core.coordinator.StatusSnapshot.TaskCounts;
import dev.mapreduce.core.coordinator.StatusSnapshot.WorkerView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP requests against the status server. */
class StatusHttpServerTest {
  private final StatusSnapshot snapshot =
      new StatusSnapshot(
          "wordcount",
          Instant.parse("2026-11-27T10:30:15Z"),
          StatusSnapshot.Phase.MAP,
          List.of(
              new WorkerView("worker1", "busy", Instant.parse("2026-11-27T10:30:12Z"), 4),
              new WorkerView("worker2", "FAILED", Instant.parse("2026-11-27T10:30:01Z"), 2),
              new WorkerView("<script>", "idle", Instant.parse("2026-11-27T10:30:13Z"), 0)),
          new TaskCounts(3, 2, 7, 0),
          new TaskCounts(4, 0, 0, 0),
          3,
          List.of("worker2 FAILED (no heartbeat for 10.2 s), 3 task(s) reassigned"),
          Map.of(Counters.MAP_INPUT_BYTES, 123456L, Counters.SHUFFLE_BYTES, 789L, "lines", 42L),
          14,
          57,
          12_500);
  private StatusHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server =
        StatusHttpServer.start("127.0.0.1", 0, () -> CompletableFuture.completedFuture(snapshot));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageShowsWorkersTasksProgressAndEventsWithoutScript() throws Exception {
    HttpResponse<String> r = get("/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
    assertThat(r.body())
        .contains("<meta http-equiv=\"refresh\" content=\"2\">")
        .contains("worker1", "busy", "worker2", "FAILED", "3 task(s) reassigned")
        .contains("7 / 12 (58%)", "width:58%")
        .contains("&lt;script&gt;")
        .doesNotContain("<script>");
  }

  @Test
  void statusJsonCarriesTheSameFigures() throws Exception {
    HttpResponse<String> r = get("/status.json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject j = JsonParser.parseString(r.body()).getAsJsonObject();
    assertThat(j.get("jobName").getAsString()).isEqualTo("wordcount");
    assertThat(j.get("phase").getAsString()).isEqualTo("MAP");
    assertThat(j.getAsJsonArray("workers")).hasSize(3);
    assertThat(j.getAsJsonObject("maps").get("completed").getAsInt()).isEqualTo(7);
    assertThat(j.get("reassignments").getAsInt()).isEqualTo(3);
    assertThat(j.getAsJsonObject("counters").get("lines").getAsLong()).isEqualTo(42);
    assertThat(j.get("time").getAsString()).isEqualTo("2026-11-27T10:30:15Z");
  }

  @Test
  void metricsAreInPrometheusTextFormat() throws Exception {
    HttpResponse<String> r = get("/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(PrometheusMetrics.CONTENT_TYPE);
    assertThat(r.body().lines().toList())
        .contains(
            "mapreduce_workers{state=\"busy\"} 1",
            "mapreduce_workers{state=\"FAILED\"} 1",
            "mapreduce_workers{state=\"EXCLUDED\"} 0",
            "mapreduce_tasks{phase=\"map\",state=\"completed\"} 7",
            "mapreduce_tasks{phase=\"reduce\",state=\"pending\"} 4",
            "mapreduce_task_attempts_total 14",
            "mapreduce_reassignments_total 3",
            "mapreduce_heartbeats_received_total 57",
            "mapreduce_input_bytes_total 123456",
            "mapreduce_shuffle_bytes_total 789",
            "mapreduce_counter{name=\"lines\"} 42",
            "# TYPE mapreduce_workers gauge");
    // Every sample line is "name{labels} value".
    assertThat(r.body().lines().filter(l -> !l.startsWith("#")))
        .allMatch(l -> l.matches("[a-z_]+(\\{[^}]*\\})? -?[0-9.]+"));
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
