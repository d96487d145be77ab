package dev.mapreduce.core.coordinator;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobResult;
import dev.mapreduce.core.internal.io.InputSplit;
import dev.mapreduce.core.internal.io.OutputCommitter;
import dev.mapreduce.core.internal.text.Json;
import dev.mapreduce.core.internal.text.PathFree;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a job: committing reduce outputs one by one, then the job (with its summary in {@code
 * _SUCCESS}), or aborting it; and the {@link JobResult}. Touched only on the loop.
 */
final class JobCommit {
  private final Job job;
  private final OutputCommitter committer;
  private final TaskTable tasks;
  private final Membership members;
  private final List<InputSplit> splits;

  JobCommit(
      Job job,
      OutputCommitter committer,
      TaskTable tasks,
      Membership members,
      List<InputSplit> splits) {
    this.splits = splits;
    this.job = job;
    this.committer = committer;
    this.tasks = tasks;
    this.members = members;
  }

  /** Publishes a reduce attempt's file; empty on success, else why the attempt failed. */
  Optional<String> commitTask(TaskAttempt a) {
    try {
      return committer.commitTask(a.id, a.task.index)
          ? Optional.empty()
          : Optional.of("its output file is missing from " + OutputCommitter.TEMPORARY);
    } catch (IOException | RuntimeException e) {
      // Any failure of the rename, checked or not, fails this attempt, not the job.
      return Optional.of("commit failed: " + PathFree.of(e.toString(), job));
    }
  }

  /** Empty on success, else why {@code _SUCCESS} could not be written. */
  Optional<String> commitJob(long durationMillis) {
    try {
      committer.commitJob(summaryJson(durationMillis));
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of("Could not write " + OutputCommitter.SUCCESS + ": " + e);
    }
  }

  /** Best effort, never throws, and never deletes a part once the job's commit began. */
  void abort() {
    committer.abortJob();
  }

  JobResult result(Optional<String> failure, long durationMillis) {
    List<JobResult.TaskSummary> summaries =
        tasks
            .all()
            .map(
                t ->
                    new JobResult.TaskSummary(
                        t.id,
                        t.attempts().size(),
                        t.winner().map(a -> a.workerId),
                        Duration.ofMillis(t.winner().map(TaskAttempt::durationMillis).orElse(0L)),
                        t.lastError()))
            .toList();
    return new JobResult(
        job.name(),
        job.output(),
        failure,
        tasks.totals(),
        summaries,
        tasks.reassignments(),
        members.failedIds(),
        Duration.ofMillis(durationMillis),
        skippedRecords());
  }

  private List<JobResult.SkippedRecord> skippedRecords() {
    List<JobResult.SkippedRecord> out = new ArrayList<>();
    for (Task m : tasks.maps) {
      InputSplit split = splits.get(m.index);
      Optional<Path> file =
          split.inMemory() ? Optional.empty() : Optional.of(Path.of(split.file()).toAbsolutePath());
      for (Task.SkippedRecord s : m.skippedRecords()) {
        out.add(new JobResult.SkippedRecord(m.id, file, s.description(), s.error()));
      }
    }
    return out;
  }

  private String summaryJson(long durationMillis) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("job", job.name());
    s.put("success", true);
    s.put("mapTasks", tasks.maps.size());
    s.put("reduceTasks", tasks.reduces.size());
    s.put("attempts", tasks.attemptsStarted());
    s.put("reassignments", tasks.reassignments());
    s.put("failedWorkers", members.failedIds());
    s.put("excludedWorkers", members.excludedIds());
    s.put("counters", tasks.totals());
    List<Map<String, Object>> skipped = new ArrayList<>();
    for (JobResult.SkippedRecord r : skippedRecords()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("task", r.taskId());
      one.put("file", r.file().map(Path::toString).orElse(""));
      one.put("record", r.record());
      one.put("error", r.error());
      skipped.add(one);
    }
    s.put("skippedRecords", skipped);
    s.put("durationMillis", durationMillis);
    return Json.write(s) + "\n";
  }
}
