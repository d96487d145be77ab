package dev.mapreduce.core.coordinator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Every task of the job and every attempt ever started, by id, with indexes the scheduler asks on
 * every request (pending tasks in order, running tasks, attempts running on a worker, how many
 * succeeded), kept current by listening to the state machines: so a request costs the same with
 * 20,000 tasks as with 20. Touched only on the loop.
 */
final class TaskTable {
  final List<Task> maps;
  final List<Task> reduces;
  private final Map<String, TaskAttempt> attempts = new HashMap<>();
  private final Map<Task.Kind, NavigableSet<Task>> pending = new EnumMap<>(Task.Kind.class);
  private final Map<Task.Kind, Set<Task>> running = new EnumMap<>(Task.Kind.class);
  private final Map<Task.Kind, Integer> succeeded = new EnumMap<>(Task.Kind.class);
  private final Map<String, Set<TaskAttempt>> runningByWorker = new HashMap<>();

  TaskTable(int mapTasks, int reduceTasks, int maxAttempts) {
    for (Task.Kind k : Task.Kind.values()) {
      pending.put(k, new TreeSet<>(Comparator.comparingInt((Task t) -> t.index)));
      running.put(k, new LinkedHashSet<>());
      succeeded.put(k, 0);
    }
    this.maps = plan(Task.Kind.MAP, mapTasks, maxAttempts);
    this.reduces = plan(Task.Kind.REDUCE, reduceTasks, maxAttempts);
  }

  private List<Task> plan(Task.Kind kind, int n, int maxAttempts) {
    List<Task> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Task t = new Task(kind, i, maxAttempts);
      t.listen(this::changed);
      pending.get(kind).add(t);
      tasks.add(t);
    }
    return List.copyOf(tasks);
  }

  private void changed(Task t, Task.Status from, Task.Status to) {
    indexOf(t.kind, from).ifPresent(set -> set.remove(t));
    indexOf(t.kind, to).ifPresent(set -> set.add(t));
    if (from == Task.Status.SUCCEEDED) {
      succeeded.merge(t.kind, -1, Integer::sum);
    }
    if (to == Task.Status.SUCCEEDED) {
      succeeded.merge(t.kind, 1, Integer::sum);
    }
  }

  private Optional<Collection<Task>> indexOf(Task.Kind kind, Task.Status status) {
    return switch (status) {
      case PENDING -> Optional.of(pending.get(kind));
      case RUNNING -> Optional.of(running.get(kind));
      case SUCCEEDED, FAILED -> Optional.empty();
    };
  }

  TaskAttempt start(Task task, String workerId, long nowMillis) {
    TaskAttempt a = task.start(workerId, nowMillis);
    attempts.put(a.id, a);
    Set<TaskAttempt> onWorker =
        runningByWorker.computeIfAbsent(workerId, w -> new LinkedHashSet<>());
    onWorker.add(a);
    a.onEnd(() -> onWorker.remove(a));
    return a;
  }

  Optional<TaskAttempt> attempt(String attemptId) {
    return Optional.ofNullable(attempts.get(attemptId));
  }

  List<TaskAttempt> runningOn(String workerId) {
    return List.copyOf(runningByWorker.getOrDefault(workerId, Set.of()));
  }

  /** Pending tasks of a kind, lowest index first. */
  Collection<Task> pending(Task.Kind kind) {
    return pending.get(kind);
  }

  /** Tasks of a kind with at least one running attempt. */
  Collection<Task> running(Task.Kind kind) {
    return running.get(kind);
  }

  boolean mapsDone() {
    return succeeded.get(Task.Kind.MAP) == maps.size();
  }

  boolean reducesDone() {
    return succeeded.get(Task.Kind.REDUCE) == reduces.size();
  }

  Stream<Task> all() {
    return Stream.concat(maps.stream(), reduces.stream());
  }

  /** Counters summed over tasks, each counted once: its last successful attempt. */
  Map<String, Long> totals() {
    Map<String, Long> totals = new TreeMap<>();
    all()
        .forEach(
            t -> t.counters().ifPresent(c -> c.forEach((k, v) -> totals.merge(k, v, Long::sum))));
    return totals;
  }

  int reassignments() {
    return all().mapToInt(Task::reassignments).sum();
  }

  int attemptsStarted() {
    return attempts.size();
  }

  StatusSnapshot.TaskCounts counts(List<Task> tasks) {
    int pendingCount = 0;
    int runningCount = 0;
    int completed = 0;
    int failed = 0;
    for (Task t : tasks) {
      switch (t.status()) {
        case PENDING -> pendingCount++;
        case RUNNING -> runningCount++;
        case SUCCEEDED -> completed++;
        case FAILED -> failed++;
      }
    }
    return new StatusSnapshot.TaskCounts(pendingCount, runningCount, completed, failed);
  }
}
