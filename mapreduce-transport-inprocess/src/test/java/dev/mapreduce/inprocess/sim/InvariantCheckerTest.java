package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mapreduce.core.api.Counters;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.events.JobEvent;
import dev.mapreduce.core.internal.io.DiskFaults.Op;
import dev.mapreduce.core.internal.io.OutputCommitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checker, fed synthetic runs: a correct one passes, and each invariant, broken on purpose, is
 * reported as that invariant, at the event that broke it.
 */
class InvariantCheckerTest {
  private static final String C = Simulation.COORDINATOR;

  @TempDir Path dir;
  Path input;
  Path output;
  Path workRoot;
  InvariantChecker checker;
  long time;

  /** Input of three lines, four words; the reference output of word count over it. */
  @BeforeEach
  void setUp() throws IOException {
    input = Files.createDirectories(dir.resolve("input"));
    Files.writeString(input.resolve("f0.txt"), "a b\nc\n");
    Files.writeString(input.resolve("f1.txt"), "a"); // a last line without '\n' is a line
    Files.writeString(input.resolve("_ignored.txt"), "not\ninput\n");
    output = Files.createDirectories(dir.resolve("out"));
    Files.createDirectories(output.resolve(OutputCommitter.TEMPORARY));
    workRoot = Files.createDirectories(dir.resolve("work"));
    checker =
        new InvariantChecker(
            output,
            List.of(input),
            Optional.of(Map.of("a", 2L, "b", 1L, "c", 1L)),
            List.of(workRoot));
  }

  private void event(String node, JobEvent e) {
    checker.event(new TraceEvent(time++, node, e));
  }

  /** Publishes a part as the coordinator would, then says so. */
  private void commit(int partition, String attempt, String content) throws IOException {
    Files.writeString(output.resolve(OutputCommitter.partName(partition)), content);
    event(C, new JobEvent.TaskCommitted(String.format("r-%05d", partition), attempt));
  }

  /** The events and files of a correct run with two reduce tasks, up to the job's commit. */
  private void correctRun() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    event(C, new JobEvent.WorkerRegistered("worker1", false));
    event(C, new JobEvent.AttemptStarted("m-00000-a1", "worker1", false));
    event(C, new JobEvent.AttemptSucceeded("m-00000-a1", "worker1"));
    checker.disk("worker1#1", Op.FETCH_CREATE, workRoot.resolve("from-m-00000.run"));
    checker.disk("worker1#1", Op.FETCH_APPEND, workRoot.resolve("from-m-00000.run"));
    event(C, new JobEvent.AttemptStarted("r-00000-a1", "worker1", false));
    commit(0, "r-00000-a1", "a\t2\n");
    event(C, new JobEvent.AttemptSucceeded("r-00000-a1", "worker1"));
    event(C, new JobEvent.AttemptStarted("r-00001-a1", "worker1", false));
    commit(1, "r-00001-a1", "b\t1\nc\t1\n");
    event(C, new JobEvent.AttemptSucceeded("r-00001-a1", "worker1"));
    Files.delete(output.resolve(OutputCommitter.TEMPORARY));
    Files.writeString(output.resolve(OutputCommitter.SUCCESS), "{}");
    event(C, new JobEvent.JobCommitted("wc"));
  }

  private static JobResult succeeded(long inputRecords, long outputRecords) {
    return new JobResult(
        "wc",
        Path.of("out"),
        Optional.empty(),
        Map.of(
            Counters.MAP_INPUT_RECORDS,
            inputRecords,
            Counters.REDUCE_OUTPUT_RECORDS,
            outputRecords),
        List.of(),
        0,
        List.of(),
        Duration.ZERO);
  }

  private static JobResult failed(String reason) {
    return new JobResult(
        "wc",
        Path.of("out"),
        Optional.of(reason),
        Map.of(),
        List.of(),
        0,
        List.of(),
        Duration.ZERO);
  }

  private Invariant violated() {
    return checker
        .violation()
        .orElseThrow(() -> new AssertionError("no violation reported"))
        .invariant();
  }

  @Test
  void aCorrectRunBreaksNothing() throws IOException {
    correctRun();
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(checker.violation()).isEmpty();
  }

  @Test
  void aSecondCommitOfOneTaskIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    commit(0, "r-00000-a2", "a\t2\n");
    assertThat(violated()).isEqualTo(Invariant.ONE_COMMIT_PER_TASK);
    assertThat(checker.violation().orElseThrow().detail())
        .contains("r-00000-a1")
        .contains("r-00000-a2");
  }

  @Test
  void aCommitWhosePartIsMissingIsReported() {
    event(C, new JobEvent.TaskCommitted("r-00001", "r-00001-a1"));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
  }

  @Test
  void aPartDeletedAfterItsCommitIsReportedAtTheNextCoordinatorEvent() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    Files.delete(output.resolve("part-r-00000"));
    event("worker1", new JobEvent.WorkerStep("worker1", JobEvent.WorkerStep.Step.REGISTERED, ""));
    assertThat(checker.violation()).as("only coordinator events look at the output").isEmpty();
    event(C, new JobEvent.AttemptStarted("r-00001-a1", "worker1", false));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
    assertThat(checker.violation().orElseThrow().atMillis()).isEqualTo(time - 1);
  }

  @Test
  void aPartReplacedAfterItsCommitIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    Path tmp = output.resolve("late");
    Files.writeString(tmp, "a\t2\na\t2\n");
    Files.move(
        tmp, output.resolve("part-r-00000"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    event(C, new JobEvent.AttemptStarted("r-00001-a1", "worker1", false));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
  }

  /** Same size, same modification time: only the content hash at the end can tell. */
  @Test
  void aPartRewrittenInPlaceIsReportedAtTheEnd() throws IOException {
    correctRun();
    Path part = output.resolve("part-r-00000");
    FileTime modified = Files.getLastModifiedTime(part);
    Files.writeString(part, "a\t9\n");
    Files.setLastModifiedTime(part, modified);
    event(C, new JobEvent.AttemptKilled("r-00000-a2", "worker2", "r-00000-a1 finished first"));
    assertThat(checker.violation()).isEmpty();
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
  }

  @Test
  void aFailedJobMayRemoveItsParts() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    event(C, new JobEvent.JobFailed("wc", "No live worker for 120.0 s"));
    Files.delete(output.resolve("part-r-00000"));
    Files.delete(output.resolve(OutputCommitter.TEMPORARY));
    event(C, new JobEvent.AttemptStarted("r-00001-a1", "worker1", false));
    checker.end(time, Optional.of(failed("No live worker for 120.0 s")));
    assertThat(checker.violation()).isEmpty();
  }

  @Test
  void aFailedJobThatLeavesAPartIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    event(C, new JobEvent.JobFailed("wc", "Task r-00001 failed 3 times"));
    Files.delete(output.resolve(OutputCommitter.TEMPORARY));
    checker.end(time, Optional.of(failed("Task r-00001 failed 3 times")));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
    assertThat(checker.violation().orElseThrow().detail()).contains("part-r-00000");
  }

  /** Its commit had begun, so its parts are final and stay; there is just no _SUCCESS. */
  @Test
  void aJobThatFailedWritingSuccessKeepsItsParts() throws IOException {
    correctRun();
    Files.delete(output.resolve(OutputCommitter.SUCCESS));
    event(C, new JobEvent.JobFailed("wc", "Could not write _SUCCESS: java.io.IOException: disk"));
    checker.end(time, Optional.of(failed("Could not write _SUCCESS: java.io.IOException: disk")));
    assertThat(checker.violation()).isEmpty();
  }

  @Test
  void aJobThatFailedWritingSuccessMustNotLoseItsParts() throws IOException {
    correctRun();
    Files.delete(output.resolve(OutputCommitter.SUCCESS));
    event(C, new JobEvent.JobFailed("wc", "Could not write _SUCCESS: java.io.IOException: disk"));
    Files.delete(output.resolve("part-r-00001"));
    checker.end(time, Optional.of(failed("Could not write _SUCCESS: java.io.IOException: disk")));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
  }

  @Test
  void aLateAttemptsDirectoryInAFinishedOutputIsReported() throws IOException {
    correctRun();
    Files.createDirectories(output.resolve(OutputCommitter.TEMPORARY).resolve("r-00000-a2"));
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.COMMITTED_OUTPUT_KEPT);
    assertThat(checker.violation().orElseThrow().detail()).contains("_temporary");
  }

  @Test
  void anAttemptAssignedToAFailedWorkerIsReportedUntilItReturns() {
    event(C, new JobEvent.WorkerRegistered("worker1", false));
    event(C, new JobEvent.WorkerFailed("worker1", "no heartbeat", 1));
    event(C, new JobEvent.WorkerRegistered("worker1", true));
    event(C, new JobEvent.AttemptStarted("m-00000-a2", "worker1", false));
    assertThat(checker.violation()).as("a returning worker may work again").isEmpty();
    event(C, new JobEvent.WorkerFailed("worker1", "no heartbeat", 1));
    event(C, new JobEvent.AttemptStarted("m-00000-a3", "worker1", false));
    assertThat(violated()).isEqualTo(Invariant.NO_WORK_FOR_FAILED_WORKER);
  }

  @Test
  void anAttemptAcceptedFromAFailedWorkerIsReported() {
    event(C, new JobEvent.AttemptStarted("m-00000-a1", "worker2", false));
    event(C, new JobEvent.WorkerFailed("worker2", "no heartbeat", 1));
    event(C, new JobEvent.AttemptSucceeded("m-00000-a1", "worker2"));
    assertThat(violated()).isEqualTo(Invariant.NO_WORK_FOR_FAILED_WORKER);
  }

  @Test
  void aCommitForAFailedWorkersAttemptIsReported() throws IOException {
    event(C, new JobEvent.AttemptStarted("r-00000-a1", "worker2", false));
    event(C, new JobEvent.WorkerFailed("worker2", "no heartbeat", 1));
    commit(0, "r-00000-a1", "a\t2\n");
    assertThat(violated()).isEqualTo(Invariant.NO_WORK_FOR_FAILED_WORKER);
  }

  @Test
  void mapInputRecordsMustEqualTheInputsLines() throws IOException {
    correctRun();
    checker.end(time, Optional.of(succeeded(4, 3))); // a map counted twice
    assertThat(violated()).isEqualTo(Invariant.COUNTERS_COUNT_ONCE);
    assertThat(checker.violation().orElseThrow().detail()).contains("3 lines");
  }

  @Test
  void reduceOutputRecordsMustEqualTheReferencesKeys() throws IOException {
    correctRun();
    checker.end(time, Optional.of(succeeded(3, 5)));
    assertThat(violated()).isEqualTo(Invariant.COUNTERS_COUNT_ONCE);
  }

  @Test
  void anAppendToAFileAnotherProcessCreatedIsReported() {
    Path run = workRoot.resolve("from-m-00001.run");
    checker.disk("worker1#1", Op.FETCH_CREATE, run);
    checker.disk("worker1#1", Op.FETCH_APPEND, run);
    assertThat(checker.violation()).isEmpty();
    checker.disk("worker1#2", Op.FETCH_APPEND, run); // the restarted process, same name, same disk
    assertThat(violated()).isEqualTo(Invariant.APPEND_ONLY_TO_OWN_FILES);
  }

  @Test
  void anAppendToAFileNobodyCreatedIsReported() {
    checker.disk("worker3#1", Op.FETCH_APPEND, workRoot.resolve("from-m-00002.run"));
    assertThat(violated()).isEqualTo(Invariant.APPEND_ONLY_TO_OWN_FILES);
  }

  @Test
  void aCommittedOutputThatDiffersFromTheReferenceIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t3\n"); // a map's output counted twice
    commit(1, "r-00001-a1", "b\t1\nc\t1\n");
    Files.delete(output.resolve(OutputCommitter.TEMPORARY));
    Files.writeString(output.resolve(OutputCommitter.SUCCESS), "{}");
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.OUTPUT_MATCHES_REFERENCE);
    assertThat(checker.violation().orElseThrow().detail()).contains("a: expected 2, got 3");
  }

  @Test
  void aKeyInTwoPartsIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\n");
    commit(1, "r-00001-a1", "a\t2\nb\t1\nc\t1\n");
    Files.delete(output.resolve(OutputCommitter.TEMPORARY));
    Files.writeString(output.resolve(OutputCommitter.SUCCESS), "{}");
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.OUTPUT_MATCHES_REFERENCE);
    assertThat(checker.violation().orElseThrow().detail()).contains("twice");
  }

  @Test
  void aCommittedJobWithoutSuccessIsReported() throws IOException {
    correctRun();
    Files.delete(output.resolve(OutputCommitter.SUCCESS));
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.OUTPUT_MATCHES_REFERENCE);
  }

  @Test
  void aJobThatCommittedBeforeEveryReduceTaskDidIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    commit(0, "r-00000-a1", "a\t2\nb\t1\nc\t1\n");
    Files.writeString(output.resolve(OutputCommitter.SUCCESS), "{}");
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(violated()).isEqualTo(Invariant.ONE_COMMIT_PER_TASK);
  }

  @Test
  void aFailedJobWithSuccessIsReported() throws IOException {
    event(C, new JobEvent.JobStarted("wc", 2, 2));
    event(C, new JobEvent.JobFailed("wc", "Task m-00000 failed 3 times"));
    Files.writeString(output.resolve(OutputCommitter.SUCCESS), "{}");
    checker.end(time, Optional.of(failed("Task m-00000 failed 3 times")));
    assertThat(violated()).isEqualTo(Invariant.OUTPUT_MATCHES_REFERENCE);
  }

  @Test
  void anEventNamingAnAbsolutePathIsReported() {
    event(
        "worker1",
        new JobEvent.LocalAttemptStep(
            "worker1",
            "m-00000-a1",
            JobEvent.LocalAttemptStep.Step.FAILED,
            "java.nio.file.NoSuchFileException: "
                + workRoot.resolve("mr-worker1-1/session-1").toAbsolutePath()));
    assertThat(violated()).isEqualTo(Invariant.NO_ABSOLUTE_PATHS);
    assertThat(checker.violation().orElseThrow().detail())
        .contains("names the absolute path of work");
  }

  @Test
  void anEventNamingTheOutputIsReported() {
    event(
        C,
        new JobEvent.JobFailed(
            "wc", "Could not write _SUCCESS: " + output.toAbsolutePath().resolve("_SUCCESS")));
    assertThat(violated()).isEqualTo(Invariant.NO_ABSOLUTE_PATHS);
  }

  @Test
  void anInternalErrorIsReported() {
    event(
        "worker2",
        new JobEvent.WorkerStep("worker2", JobEvent.WorkerStep.Step.INTERNAL_ERROR, "NPE"));
    assertThat(violated()).isEqualTo(Invariant.NO_INTERNAL_ERROR);
  }

  @Test
  void aJobFailedByACoordinatorBugIsReported() {
    event(
        C,
        new JobEvent.JobFailed(
            "wc", "internal error in the coordinator: java.lang.IllegalStateException"));
    assertThat(violated()).isEqualTo(Invariant.NO_INTERNAL_ERROR);
  }

  @Test
  void onlyTheFirstViolationIsKept() throws IOException {
    event(C, new JobEvent.WorkerFailed("worker1", "no heartbeat", 0));
    event(C, new JobEvent.AttemptStarted("m-00000-a1", "worker1", false));
    checker.disk("worker1#1", Op.FETCH_APPEND, workRoot.resolve("x.run"));
    commit(0, "r-00000-a1", "a\t2\n");
    commit(0, "r-00000-a2", "a\t2\n");
    checker.end(time, Optional.of(succeeded(99, 99)));
    assertThat(violated()).isEqualTo(Invariant.NO_WORK_FOR_FAILED_WORKER);
  }

  /** Values are compared as text, so a Long reference matches the parts' digits. */
  @Test
  void theReferenceIsComparedAsText() throws IOException {
    Map<String, Long> reference = new TreeMap<>(Map.of("a", 2L, "b", 1L, "c", 1L));
    checker = new InvariantChecker(output, List.of(input), Optional.of(reference), List.of());
    correctRun();
    checker.end(time, Optional.of(succeeded(3, 3)));
    assertThat(checker.violation()).isEmpty();
  }
}
