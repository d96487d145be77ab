package dev.mapreduce.core.coordinator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cluster at one moment: what the status block, the status page, the metrics and the CLI show.
 *
 * @param counters totals over completed tasks so far (each task counted once)
 * @param attempts attempts started, backups and re-executions included
 * @param heartbeats heartbeats received since the job started
 */
public record StatusSnapshot(
    String jobName,
    Instant time,
    Phase phase,
    List<WorkerView> workers,
    TaskCounts maps,
    TaskCounts reduces,
    int reassignments,
    List<String> recentEvents,
    Map<String, Long> counters,
    int attempts,
    long heartbeats,
    long elapsedMillis) {

  public StatusSnapshot {
    workers = List.copyOf(workers);
    recentEvents = List.copyOf(recentEvents);
    counters = Map.copyOf(counters);
  }

  public enum Phase {
    MAP,
    REDUCE,
    DONE,
    FAILED
  }

  /**
   * @param state "busy", "idle" or "FAILED"
   */
  public record WorkerView(String id, String state, Instant lastSeen, int tasksCompleted) {}

  public record TaskCounts(int pending, int running, int completed, int failed) {
    public int total() {
      return pending + running + completed + failed;
    }
  }

  public TaskCounts allTasks() {
    return new TaskCounts(
        maps.pending() + reduces.pending(),
        maps.running() + reduces.running(),
        maps.completed() + reduces.completed(),
        maps.failed() + reduces.failed());
  }
}
