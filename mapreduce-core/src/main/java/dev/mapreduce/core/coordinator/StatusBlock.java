package dev.mapreduce.core.coordinator;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Renders a {@link StatusSnapshot} in the Python prototype's "SYSTEM STATUS" format, extended. */
public final class StatusBlock {
  private static final String RULE = "=".repeat(60);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private StatusBlock() {}

  public static String render(StatusSnapshot s, ZoneId zone) {
    StringBuilder b = new StringBuilder();
    String at = LocalDateTime.ofInstant(s.time(), zone).format(STAMP);
    b.append(RULE).append('\n');
    b.append("SYSTEM STATUS - ").append(at).append('\n');
    b.append(RULE).append('\n');
    long live = s.workers().stream().filter(w -> !w.state().equals("FAILED")).count();
    b.append("Workers: ").append(s.workers().size()).append(" registered");
    if (live != s.workers().size()) {
      b.append(", ").append(s.workers().size() - live).append(" FAILED");
    }
    b.append('\n');
    for (StatusSnapshot.WorkerView w : s.workers()) {
      b.append("  ")
          .append(w.id())
          .append(": ")
          .append(w.state())
          .append(" (last seen: ")
          .append(LocalTime.ofInstant(w.lastSeen(), zone).format(CLOCK))
          .append(", tasks done: ")
          .append(w.tasksCompleted())
          .append(")\n");
    }
    StatusSnapshot.TaskCounts all = s.allTasks();
    b.append('\n');
    b.append("Job: ").append(s.jobName()).append("  Phase: ").append(s.phase()).append('\n');
    b.append("  Map:    ").append(progress(s.maps())).append('\n');
    b.append("  Reduce: ").append(progress(s.reduces())).append('\n');
    b.append('\n');
    b.append("Tasks:\n");
    b.append("  Pending: ").append(all.pending()).append('\n');
    b.append("  Running: ").append(all.running()).append('\n');
    b.append("  Completed: ").append(all.completed()).append('\n');
    b.append("  Failed: ").append(all.failed()).append('\n');
    b.append("  Reassigned: ").append(s.reassignments()).append('\n');
    b.append(RULE);
    return b.toString();
  }

  static String progress(StatusSnapshot.TaskCounts c) {
    int total = c.total();
    int pct = total == 0 ? 100 : (int) (100L * c.completed() / total);
    return c.completed() + "/" + total + " (" + pct + "%)";
  }
}
