package dev.mapreduce.core.coordinator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every task of the job and every attempt ever started, by id. Touched only on the loop. */
final class TaskTable {
  final List<Task> maps;
  final List<Task> reduces;
  private final Map<String, TaskAttempt> attempts = new HashMap<>();

  TaskTable(int mapTasks, int reduceTasks, int maxAttempts) {
    List<Task> m = new ArrayList<>();
    for (int i = 0; i < mapTasks; i++) {
      m.add(new Task(Task.Kind.MAP, i, maxAttempts));
    }
    List<Task> r = new ArrayList<>();
    for (int i = 0; i < reduceTasks; i++) {
      r.add(new Task(Task.Kind.REDUCE, i, maxAttempts));
    }
    this.maps = List.copyOf(m);
    this.reduces = List.copyOf(r);
  }

  TaskAttempt start(Task task, String workerId, long nowMillis) {
    TaskAttempt a = task.start(workerId, nowMillis);
    attempts.put(a.id, a);
    return a;
  }

  Optional<TaskAttempt> attempt(String attemptId) {
    return Optional.ofNullable(attempts.get(attemptId));
  }

  List<TaskAttempt> runningOn(String workerId) {
    return all()
        .flatMap(t -> t.running().stream())
        .filter(a -> a.workerId.equals(workerId))
        .toList();
  }

  boolean mapsDone() {
    return maps.stream().allMatch(Task::succeeded);
  }

  boolean reducesDone() {
    return reduces.stream().allMatch(Task::succeeded);
  }

  Stream<Task> all() {
    return Stream.concat(maps.stream(), reduces.stream());
  }

  /** Counters summed over tasks, each counted once: its last successful attempt. */
  Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    all().forEach(t -> t.counters().ifPresent(c -> c.forEach((k, v) -> totals.merge(k, v, Long::sum))));
    return totals;
  }

  int reassignments() {
    return all().mapToInt(Task::reassignments).sum();
  }

  int attemptsStarted() {
    return attempts.size();
  }

  StatusSnapshot.TaskCounts counts(List<Task> tasks) {
    int pending = 0;
    int running = 0;
    int completed = 0;
    int failed = 0;
    for (Task t : tasks) {
      switch (t.status()) {
        case PENDING -> pending++;
        case RUNNING -> running++;
        case SUCCEEDED -> completed++;
        case FAILED -> failed++;
      }
    }
    return new StatusSnapshot.TaskCounts(pending, running, completed, failed);
  }
}
