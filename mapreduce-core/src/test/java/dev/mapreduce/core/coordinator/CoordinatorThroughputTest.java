package dev.mapreduce.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.EventSink;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many tasks per second the coordinator hands out and takes back, with no-op tasks and no
 * transport: the coordination overhead of a job. A request must cost the same with 20,000 tasks as
 * with 20 (indexes, not scans). The bound asserted is loose (shared, noisy machines); the figure is
 * printed.
 */
class CoordinatorThroughputTest {
  @TempDir Path dir;

  @Test
  void twentyThousandNoOpTasks() {
    int maps = 20_000;
    CoordinatorHarness h = new CoordinatorHarness(dir, maps, 4, EventSink.NONE, true);
    List<String> workers = List.of("w1", "w2", "w3", "w4");
    workers.forEach(h::register);
    long start = System.nanoTime();
    int assigned = 0;
    for (int i = 0; !h.coordinator.result().isDone(); i++) {
      String w = workers.get(i % workers.size());
      String attempt = h.take(w);
      h.succeed(w, attempt, Map.of());
      assigned++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JobResult r = h.coordinator.result().join();
    assertThat(r.succeeded()).as(String.valueOf(r.failureReason())).isTrue();
    assertThat(assigned).isEqualTo(maps + 4);
    double perSecond = assigned / seconds;
    System.out.printf(
        Locale.ROOT,
        "coordinator: %d tasks assigned and completed in %.2f s = %.0f per second%n",
        assigned,
        seconds,
        perSecond);
    assertThat(perSecond).isGreaterThan(2_000);
  }
}
