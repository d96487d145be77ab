package dev.mapreduce.core.worker;

import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How a worker behaves beyond the cluster timings.
 *
 * @param workDir local directory for map outputs and fetched partitions (deleted on stop)
 * @param failAfter halt abruptly after completing and reporting this many tasks (the prototype's
 *     {@code worker_unstable N}), or empty to run until the job ends
 * @param halt what "halt abruptly" means in this host: {@code Runtime.halt} in a worker process,
 *     a simulated crash in-process
 * @param hooks crash points for fault injection
 * @param fetchParallelism how many map outputs a reducer fetches at once
 */
public record WorkerOptions(
    Path workDir, OptionalInt failAfter, Runnable halt, WorkerHooks hooks, int fetchParallelism) {

  public static WorkerOptions in(Path workDir) {
    return new WorkerOptions(workDir, OptionalInt.empty(), () -> {}, WorkerHooks.NONE, 4);
  }

  public WorkerOptions withFailAfter(int tasks, Runnable haltAction) {
    return new WorkerOptions(workDir, OptionalInt.of(tasks), haltAction, hooks, fetchParallelism);
  }

  public WorkerOptions withHooks(WorkerHooks h) {
    return new WorkerOptions(workDir, failAfter, halt, h, fetchParallelism);
  }
}
