package dev.mapreduce.core.coordinator;

import java.time.Instant;
import java.util.List;

/** The cluster at one moment: what the status block, the status page and the CLI show. */
public record StatusSnapshot(
    String jobName,
    Instant time,
    Phase phase,
    List<WorkerView> workers,
    TaskCounts maps,
    TaskCounts reduces,
    int reassignments,
    List<String> recentEvents) {

  public StatusSnapshot {
    workers = List.copyOf(workers);
    recentEvents = List.copyOf(recentEvents);
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
