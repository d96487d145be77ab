package dev.mapreduce.core.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskStateMachineTest {
  private final Task map = new Task(Task.Kind.MAP, 3, 3);

  @Test
  void aTaskRunsSucceedsAndKillsItsBackup() {
    TaskAttempt a1 = map.start("w1", 0);
    TaskAttempt a2 = map.start("w2", 10);
    assertThat(map.status()).isEqualTo(Task.Status.RUNNING);
    assertThat(a2.backup).isTrue();
    List<TaskAttempt> losers = map.succeed(a2, Map.of("c", 1L), 20);
    assertThat(map.status()).isEqualTo(Task.Status.SUCCEEDED);
    assertThat(losers).containsExactly(a1);
    assertThat(a1.status()).isEqualTo(TaskAttempt.Status.KILLED);
    assertThat(a1.workerId).isEqualTo("w1"); // an ended attempt keeps its worker and state
    assertThat(map.winner()).contains(a2);
    assertThat(map.reassignments()).isZero();
  }

  @Test
  void failuresRetryUntilTheLimitThenFail() {
    TaskAttempt a1 = map.start("w1", 0);
    map.fail(a1, false, "boom", 1);
    assertThat(map.status()).isEqualTo(Task.Status.PENDING);
    TaskAttempt a2 = map.start("w2", 2);
    map.fail(a2, true, "worker w2 failed", 3);
    assertThat(a2.status()).isEqualTo(TaskAttempt.Status.LOST);
    TaskAttempt a3 = map.start("w3", 4);
    map.fail(a3, false, "boom", 5);
    assertThat(map.status()).isEqualTo(Task.Status.FAILED);
    assertThat(map.reassignments()).isEqualTo(2);
    assertThat(map.history()).isEqualTo("m-00003-a1@w1, m-00003-a2@w2, m-00003-a3@w3");
  }

  @Test
  void aFailureWithABackupStillRunningKeepsTheTaskRunning() {
    TaskAttempt a1 = map.start("w1", 0);
    map.start("w2", 1);
    map.fail(a1, false, "boom", 2);
    assertThat(map.status()).isEqualTo(Task.Status.RUNNING);
    assertThat(map.reassignments()).isZero();
  }

  @Test
  void aFailureOnASkippedRecordIsNotATaskFailureNorTheWorkersAndIsRememberedOnce() {
    TaskAttempt a1 = map.start("w1", 0);
    assertThat(map.failOnRecord(a1, 7, "record 7", "boom", 1)).isTrue();
    assertThat(map.status()).isEqualTo(Task.Status.PENDING);
    assertThat(map.failures()).isZero();
    assertThat(map.failedOn("w1")).isFalse();
    assertThat(a1.status()).isEqualTo(TaskAttempt.Status.FAILED);
    TaskAttempt a2 = map.start("w1", 2);
    TaskAttempt a3 = map.start("w2", 3);
    assertThat(map.failOnRecord(a3, 7, "record 7", "boom", 4)).isFalse();
    assertThat(map.status()).isEqualTo(Task.Status.RUNNING);
    map.succeed(a2, Map.of(), 5);
    assertThat(map.skippedRecords()).extracting(Task.SkippedRecord::index).containsExactly(7L);
    Task reduce = new Task(Task.Kind.REDUCE, 0, 3);
    TaskAttempt r1 = reduce.start("w1", 0);
    assertThatThrownBy(() -> reduce.failOnRecord(r1, 1, "record 1", "boom", 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aKillIsNotAFailure() {
    TaskAttempt a1 = map.start("w1", 0);
    map.kill(a1, "its worker moved on", 1);
    assertThat(map.status()).isEqualTo(Task.Status.PENDING);
    assertThat(map.failures()).isZero();
    assertThat(map.reassignments()).isZero();
  }

  @Test
  void aLostMapOutputRunsAgainAndItsCountersStillCountOnce() {
    TaskAttempt a1 = map.start("w1", 0);
    map.succeed(a1, Map.of("records", 7L), 1);
    map.loseOutput("worker w1 failed");
    assertThat(map.status()).isEqualTo(Task.Status.PENDING);
    assertThat(map.winner()).isEmpty();
    assertThat(map.counters()).contains(Map.of("records", 7L));
    assertThat(map.reassignments()).isEqualTo(1);
  }

  @Test
  void everyIllegalMoveIsRefusedNamingTaskStatesAndEvent() {
    // PENDING: nothing but a start.
    assertThatThrownBy(() -> map.loseOutput("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("m-00003")
        .hasMessageContaining("OUTPUT_LOST")
        .hasMessageContaining("PENDING");
    TaskAttempt a1 = map.start("w1", 0);
    // RUNNING: an output cannot be lost before it exists.
    assertThatThrownBy(() -> map.loseOutput("x"))
        .hasMessageContaining("OUTPUT_LOST")
        .hasMessageContaining("RUNNING");
    map.succeed(a1, Map.of(), 1);
    // SUCCEEDED: no attempt may start, succeed, fail or be killed.
    assertThatThrownBy(() -> map.start("w2", 2))
        .hasMessageContaining("ATTEMPT_STARTED")
        .hasMessageContaining("SUCCEEDED");
    assertThatThrownBy(() -> map.succeed(a1, Map.of(), 2))
        .hasMessageContaining("not a running attempt");
    assertThatThrownBy(() -> map.fail(a1, false, "late", 2))
        .hasMessageContaining("not a running attempt");
    assertThatThrownBy(() -> map.kill(a1, "late", 2)).hasMessageContaining("not a running attempt");
    // FAILED is final.
    Task doomed = new Task(Task.Kind.REDUCE, 0, 1);
    TaskAttempt r1 = doomed.start("w1", 0);
    doomed.fail(r1, false, "boom", 1);
    assertThat(doomed.status()).isEqualTo(Task.Status.FAILED);
    assertThatThrownBy(() -> doomed.start("w2", 2))
        .hasMessageContaining("r-00000")
        .hasMessageContaining("FAILED");
    // A reduce has no map output to lose.
    assertThatThrownBy(() -> new Task(Task.Kind.REDUCE, 1, 3).loseOutput("x"))
        .hasMessageContaining("reduce");
    // An attempt of another task is refused.
    Task other = new Task(Task.Kind.MAP, 4, 3);
    TaskAttempt foreign = other.start("w1", 0);
    Task fresh = new Task(Task.Kind.MAP, 5, 3);
    fresh.start("w1", 0);
    assertThatThrownBy(() -> fresh.fail(foreign, false, "x", 1))
        .hasMessageContaining("not a running attempt");
  }

  @Test
  void anAttemptEndsOnce() {
    TaskAttempt a1 = map.start("w1", 0);
    a1.end(TaskAttempt.Status.FAILED, 1, "boom");
    assertThatThrownBy(() -> a1.end(TaskAttempt.Status.SUCCEEDED, 2, "late"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("m-00003-a1")
        .hasMessageContaining("FAILED")
        .hasMessageContaining("SUCCEEDED");
    TaskAttempt a2 = map.start("w1", 3);
    assertThatThrownBy(() -> a2.end(TaskAttempt.Status.RUNNING, 4, "again"))
        .hasMessageContaining("RUNNING");
  }
}
