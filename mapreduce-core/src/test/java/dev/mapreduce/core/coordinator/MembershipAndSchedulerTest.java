package dev.mapreduce.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Membership and the scheduler on their own: no coordinator, no loop, time given by hand. */
class MembershipAndSchedulerTest {
  private final Membership members =
      new Membership(new TimeoutFailureDetector(Duration.ofSeconds(10)), 0);
  private final TaskTable tasks = new TaskTable(3, 1, 3);
  private final Scheduler scheduler =
      new Scheduler(tasks, members, true, Duration.ofSeconds(10), Duration.ofSeconds(10));

  private WorkerState join(String id, long incarnation, long now) {
    members.register(id, id + ":1", incarnation, Instant.ofEpochMilli(now), now);
    return members.live(id).orElseThrow();
  }

  @Test
  void registrationsAreNewDuplicateOrReturningAndAnOldIncarnationMustFailFirst() {
    assertThat(members.register("w1", "h:1", 1, Instant.EPOCH, 0))
        .isEqualTo(Membership.Registration.NEW);
    assertThat(members.register("w1", "h:1", 1, Instant.EPOCH, 0))
        .isEqualTo(Membership.Registration.DUPLICATE);
    assertThat(members.replacedIncarnation("w1", 2)).isPresent();
    assertThatThrownBy(() -> members.register("w1", "h:1", 2, Instant.EPOCH, 0))
        .hasMessageContaining("w1")
        .hasMessageContaining("must fail first");
    members.markFailed(members.live("w1").orElseThrow());
    assertThat(members.live("w1")).isEmpty();
    assertThat(members.register("w1", "h:1", 2, Instant.EPOCH, 0))
        .isEqualTo(Membership.Registration.RETURNING);
    assertThat(members.live("w1")).isPresent();
    assertThat(members.failedIds()).containsExactly("w1"); // it failed once, whatever came after
  }

  @Test
  void silenceMakesASuspectAndNoLiveWorkerIsTimed() {
    WorkerState w1 = join("w1", 1, 0);
    join("w2", 1, 0);
    members.heard(w1, Instant.ofEpochMilli(8_000), 8_000);
    assertThat(members.suspects(12_000)).extracting(w -> w.id).containsExactly("w2");
    assertThat(members.noLiveWorkerFor(12_000)).isZero();
    members.markFailed(members.live("w2").orElseThrow());
    members.markFailed(w1);
    assertThat(members.noLiveWorkerFor(20_000)).isZero(); // the wait starts now
    assertThat(members.noLiveWorkerFor(25_000)).isEqualTo(5_000);
    assertThatThrownBy(() -> members.markFailed(w1)).hasMessageContaining("already FAILED");
  }

  @Test
  void theSchedulerKeepsRetriesAwayFromTheWorkerThatFailedThem() {
    WorkerState w1 = join("w1", 1, 0);
    WorkerState w2 = join("w2", 1, 0);
    Task first = scheduler.next(w1, 0).orElseThrow();
    TaskAttempt a = tasks.start(first, "w1", 0);
    first.fail(a, false, "disk", 1);
    assertThat(scheduler.next(w1, 2)).get().isNotSameAs(first);
    assertThat(scheduler.next(w2, 2)).containsSame(first);
    // With w2 gone, w1 is the only one who can run it: it gets it back rather than nobody, but
    // only after a back-off, so that a bad worker alone for a moment cannot burn every attempt.
    members.markFailed(w2);
    tasks.start(tasks.maps.get(1), "w1", 3);
    tasks.start(tasks.maps.get(2), "w1", 3);
    assertThat(scheduler.next(w1, 4)).isEmpty();
    assertThat(scheduler.next(w1, 10_001)).containsSame(first);
  }

  @Test
  void reducesWaitForEveryMapAndBackupsComeNearTheEndOfAPhase() {
    WorkerState w1 = join("w1", 1, 0);
    WorkerState w2 = join("w2", 1, 0);
    for (Task m : tasks.maps.subList(0, 2)) {
      m.succeed(tasks.start(m, "w1", 0), Map.of(), 1_000);
    }
    tasks.start(tasks.maps.get(2), "w1", 1_000);
    assertThat(scheduler.next(w2, 2_000)).isEmpty(); // the last map runs; too early for a backup
    assertThat(scheduler.next(w2, 20_000))
        .containsSame(tasks.maps.get(2)); // a backup on another worker
    assertThat(scheduler.next(w1, 20_000)).isEmpty(); // never a backup on the worker running it
  }

  @Test
  void aFlaggedWorkerIsExcludedOnlyWhileAnUnflaggedOneLives() {
    WorkerState bad = join("bad", 1, 0);
    WorkerState good = join("good", 1, 0);
    for (int i = 0; i < Membership.EXCLUDE_AFTER_FAILED_ATTEMPTS - 1; i++) {
      assertThat(members.noteFailedAttempt(bad)).isFalse();
    }
    assertThat(members.noteFailedAttempt(bad)).isTrue();
    assertThat(members.excluded(bad)).isTrue();
    assertThat(scheduler.next(bad, 0)).isEmpty();
    members.markFailed(good);
    assertThat(members.excluded(bad)).isFalse();
    assertThat(scheduler.next(bad, 0)).isPresent();
  }
}
