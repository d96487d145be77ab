package dev.mapreduce.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.protocol.RegisterReply;
import dev.mapreduce.core.internal.protocol.RegisterRequest;
import dev.mapreduce.core.internal.protocol.TaskReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The coordinator's rules, driven through its protocol in manual time. */
class CoordinatorRulesTest {
  @TempDir Path dir;

  private static Map<String, Long> records(long n) {
    return Map.of(Counters.MAP_INPUT_RECORDS, n);
  }

  /**
   * A worker dies in the reduce phase after the other reduce fetched its maps: its maps are set
   * back and never run again, yet their counters must still count, once.
   */
  @Test
  void countersCountOneSuccessfulAttemptPerTaskWhateverHappensToItsOutput() throws Exception {
    CoordinatorHarness h = new CoordinatorHarness(dir, 4, 2);
    h.register("w1");
    h.register("w2");
    for (int i = 0; i < 2; i++) {
      h.succeed("w1", h.take("w1"), records(100));
      h.succeed("w2", h.take("w2"), records(100));
    }
    String r0 = h.take("w1");
    String r1 = h.take("w2");
    h.succeed("w1", r0, Map.of());
    // w1 falls silent; w2 keeps heartbeating while it reduces.
    for (int s = 0; s < 16; s++) {
      h.heartbeat("w2", List.of(r1));
      h.loop.advance(Duration.ofSeconds(1));
    }
    assertThat(h.events(JobEvent.WorkerFailed.class))
        .extracting(JobEvent.WorkerFailed::worker)
        .containsExactly("w1");
    assertThat(h.events(JobEvent.MapOutputLost.class)).hasSize(2);
    h.succeed("w2", r1, Map.of());
    JobResult result = h.coordinator.result().getNow(null);
    assertThat(result).isNotNull();
    assertThat(result.succeeded()).as(String.valueOf(result.failureReason())).isTrue();
    assertThat(result.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(400);
    assertThat(Files.readString(h.output.resolve("_SUCCESS")))
        .contains("\"" + Counters.MAP_INPUT_RECORDS + "\": 400");
    assertThat(result.failedWorkers()).containsExactly("w1");
  }

  /** A retry goes to another worker; a worker whose attempts keep failing is excluded. */
  @Test
  void aBadMachineGetsNoRetriesAndIsExcludedWhileOthersCanWork() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 9, 1);
    h.register("w1");
    h.register("w2");
    h.register("w3");
    String first = h.take("w3");
    h.fail("w3", first);
    // w3 asks first again: it must not get the task it just failed while w1 and w2 are live.
    List<String> w3Attempts = new ArrayList<>(List.of(first));
    for (int i = 0; i < 2; i++) {
      String next = h.take("w3");
      assertThat(next).doesNotStartWith(first.substring(0, 7));
      w3Attempts.add(next);
      h.fail("w3", next);
    }
    // Three failed attempts: w3 is excluded and gets no more work.
    assertThat(h.events(JobEvent.WorkerExcluded.class))
        .extracting(JobEvent.WorkerExcluded::worker)
        .containsExactly("w3");
    assertThat(h.ask("w3").map()).isEmpty();
    assertThat(h.status().workers())
        .anyMatch(w -> w.id().equals("w3") && w.state().equals("EXCLUDED"));
    // The failed tasks go to the healthy workers, and the job completes.
    for (int i = 0; !h.coordinator.result().isDone(); i++) {
      String w = i % 2 == 0 ? "w1" : "w2";
      String attempt = h.take(w);
      h.succeed(w, attempt, attempt.startsWith("m-") ? records(1) : Map.of());
    }
    JobResult result = h.coordinator.result().getNow(null);
    assertThat(result).isNotNull();
    assertThat(result.succeeded()).as(String.valueOf(result.failureReason())).isTrue();
    assertThat(result.counter(Counters.MAP_INPUT_RECORDS)).isEqualTo(9);
  }

  /** Exclusion never starves a job: the last worker standing works even if flagged. */
  @Test
  void anExcludedWorkerStillWorksWhenNoOtherIsLive() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 4, 1);
    h.register("w1");
    h.register("w3");
    for (int i = 0; i < 3; i++) {
      h.fail("w3", h.take("w3"));
    }
    assertThat(h.ask("w3").map()).isEmpty();
    for (int s = 0; s < 16; s++) { // w1 falls silent and is declared failed
      h.heartbeat("w3", List.of());
      h.loop.advance(Duration.ofSeconds(1));
    }
    assertThat(h.ask("w3").map()).isPresent();
  }

  /** An abort order survives a lost heartbeat reply: the next heartbeat repeats it. */
  @Test
  void heartbeatsReconcileRunningAttempts() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 2, 1);
    h.register("w1");
    String a = h.take("w1");
    assertThat(h.heartbeat("w1", List.of(a)).abortAttempts()).isEmpty();
    assertThat(h.heartbeat("w1", List.of("m-00001-a7")).abortAttempts())
        .containsExactly("m-00001-a7");
    h.fail("w1", a);
    assertThat(h.heartbeat("w1", List.of(a)).abortAttempts()).containsExactly(a);
    assertThat(h.heartbeat("w1", List.of(a)).abortAttempts()).containsExactly(a);
  }

  /** Reports from a worker held FAILED, or for attempts it does not run, change nothing. */
  @Test
  void staleReportsChangeNothing() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 1, 1);
    h.register("w1");
    h.register("w2");
    String a = h.take("w1");
    assertThat(h.succeed("w2", a, records(5)).accepted()).isFalse();
    assertThat(h.succeed("w1", a, records(5)).accepted()).isTrue();
    assertThat(h.succeed("w1", a, records(5)).accepted()).isFalse();
    assertThat(h.events(JobEvent.AttemptSucceeded.class)).hasSize(1);
  }

  /** An observer that throws must change nothing: the job still commits and says so. */
  @Test
  void aThrowingEventSinkChangesNothing() throws Exception {
    CoordinatorHarness h =
        new CoordinatorHarness(
            dir,
            1,
            1,
            (t, node, e) -> {
              throw new IllegalStateException("log disk full");
            });
    h.register("w1");
    h.succeed("w1", h.take("w1"), records(3));
    h.succeed("w1", h.take("w1"), Map.of());
    JobResult result = h.coordinator.result().getNow(null);
    assertThat(result).isNotNull();
    assertThat(result.succeeded()).as(String.valueOf(result.failureReason())).isTrue();
    assertThat(h.output.resolve("_SUCCESS")).exists();
  }

  /** A fetch failure naming something that is not a map's output is no reason to fail the job. */
  @Test
  void aFetchFailureNamingAReduceAttemptChangesNoMapAndFailsNothing() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 1, 2);
    h.register("w1");
    h.register("w2");
    h.succeed("w1", h.take("w1"), records(1));
    String r0 = h.take("w1");
    String r1 = h.take("w2");
    h.succeed("w1", r0, Map.of());
    h.now(h.service.report(TaskReport.fetchFailed("w2", r1, r0, "connection reset")));
    assertThat(h.coordinator.result()).isNotDone();
    assertThat(h.events(JobEvent.MapOutputLost.class)).isEmpty();
    h.succeed("w2", h.take("w2"), Map.of());
    assertThat(h.coordinator.result().getNow(null).succeeded()).isTrue();
  }

  /** A map attempt cannot fail to fetch: such a report fails the attempt, not the job's rules. */
  @Test
  void aMapAttemptReportingAFetchFailureFailsThatAttempt() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 1, 1);
    h.register("w1");
    String m = h.take("w1");
    h.now(h.service.report(TaskReport.fetchFailed("w1", m, "m-00000-a9", "nonsense")));
    assertThat(h.events(JobEvent.AttemptFailed.class))
        .singleElement()
        .satisfies(f -> assertThat(f.error()).contains("invalid report"));
  }

  /** A delayed registration from an older process of a name must not fail the live one. */
  @Test
  void aStaleRegistrationFromAnOlderIncarnationIsRefused() {
    CoordinatorHarness h = new CoordinatorHarness(dir, 1, 1);
    h.now(h.service.register(new RegisterRequest("w1", "w1:1", 201)));
    String a = h.take("w1");
    RegisterReply stale = h.now(h.service.register(new RegisterRequest("w1", "w1:1", 200)));
    assertThat(stale.accepted()).isFalse();
    assertThat(h.events(JobEvent.WorkerFailed.class)).isEmpty();
    assertThat(h.succeed("w1", a, records(1)).accepted()).isTrue();
  }
}
