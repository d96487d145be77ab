package dev.mapreduce.status;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.coordinator.StatusSnapshot;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Renders a {@link StatusSnapshot} in the Prometheus text exposition format (version 0.0.4). */
public final class PrometheusMetrics {
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusMetrics() {}

  public static String render(StatusSnapshot s) {
    StringBuilder b = new StringBuilder();
    Map<String, Integer> byState =
        new TreeMap<>(Map.of("busy", 0, "idle", 0, "FAILED", 0, "EXCLUDED", 0));
    s.workers().forEach(w -> byState.merge(w.state(), 1, Integer::sum));
    family(b, "mapreduce_workers", "gauge", "Workers by state.");
    byState.forEach((state, n) -> sample(b, "mapreduce_workers{state=\"" + state + "\"}", n));
    family(b, "mapreduce_tasks", "gauge", "Tasks by phase and state.");
    tasks(b, "map", s.maps());
    tasks(b, "reduce", s.reduces());
    family(b, "mapreduce_job_phase", "gauge", "1 for the job's current phase.");
    for (StatusSnapshot.Phase p : StatusSnapshot.Phase.values()) {
      sample(b, "mapreduce_job_phase{phase=\"" + p + "\"}", p == s.phase() ? 1 : 0);
    }
    family(
        b,
        "mapreduce_task_attempts_total",
        "counter",
        "Task attempts started, backups and re-executions included.");
    sample(b, "mapreduce_task_attempts_total", s.attempts());
    family(
        b,
        "mapreduce_reassignments_total",
        "counter",
        "Tasks sent back to pending after a failure or lost output.");
    sample(b, "mapreduce_reassignments_total", s.reassignments());
    family(
        b,
        "mapreduce_heartbeats_received_total",
        "counter",
        "Heartbeats the coordinator received.");
    sample(b, "mapreduce_heartbeats_received_total", s.heartbeats());
    family(b, "mapreduce_input_bytes_total", "counter", "Input bytes read by completed map tasks.");
    sample(
        b, "mapreduce_input_bytes_total", s.counters().getOrDefault(Counters.MAP_INPUT_BYTES, 0L));
    family(
        b, "mapreduce_shuffle_bytes_total", "counter", "Bytes fetched by completed reduce tasks.");
    sample(
        b, "mapreduce_shuffle_bytes_total", s.counters().getOrDefault(Counters.SHUFFLE_BYTES, 0L));
    family(
        b,
        "mapreduce_counter",
        "gauge",
        "Every job counter (built-in and user), over completed tasks.");
    new TreeMap<>(s.counters())
        .forEach((name, v) -> sample(b, "mapreduce_counter{name=\"" + escape(name) + "\"}", v));
    family(b, "mapreduce_job_elapsed_seconds", "gauge", "Seconds since the job started.");
    b.append("mapreduce_job_elapsed_seconds ")
        .append(String.format(Locale.ROOT, "%.3f", s.elapsedMillis() / 1000.0))
        .append('\n');
    return b.toString();
  }

  private static void tasks(StringBuilder b, String phase, StatusSnapshot.TaskCounts c) {
    sample(b, "mapreduce_tasks{phase=\"" + phase + "\",state=\"pending\"}", c.pending());
    sample(b, "mapreduce_tasks{phase=\"" + phase + "\",state=\"running\"}", c.running());
    sample(b, "mapreduce_tasks{phase=\"" + phase + "\",state=\"completed\"}", c.completed());
    sample(b, "mapreduce_tasks{phase=\"" + phase + "\",state=\"failed\"}", c.failed());
  }

  private static void family(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder b, String series, long value) {
    b.append(series).append(' ').append(value).append('\n');
  }

  private static String escape(String label) {
    return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
