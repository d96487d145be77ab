package dev.mapreduce.core.worker;

import dev.mapreduce.core.internal.io.DiskFaults;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * How a worker behaves beyond the cluster timings.
 *
 * @param workDir where the worker keeps map outputs and fetched partitions, in a directory of its
 *     own inside (only that directory is ever deleted; the work dir may hold other files)
 * @param failAfter halt abruptly after completing and reporting this many tasks (the prototype's
 *     {@code worker_unstable N}), or empty to run until the job ends
 * @param halt what "halt abruptly" means in this host: {@code Runtime.halt} in a worker process, a
 *     simulated crash in-process
 * @param hooks crash points for fault injection
 * @param fetchParallelism how many map outputs a reducer fetches at once
 * @param diskFaults disk failures to inject (tests only)
 */
public record WorkerOptions(
    Path workDir,
    OptionalInt failAfter,
    Runnable halt,
    WorkerHooks hooks,
    int fetchParallelism,
    DiskFaults diskFaults) {

  public static WorkerOptions in(Path workDir) {
    return new WorkerOptions(
        workDir, OptionalInt.empty(), () -> {}, WorkerHooks.NONE, 4, DiskFaults.NONE);
  }

  public WorkerOptions withFailAfter(int tasks, Runnable haltAction) {
    return new WorkerOptions(
        workDir, OptionalInt.of(tasks), haltAction, hooks, fetchParallelism, diskFaults);
  }

  public WorkerOptions withHooks(WorkerHooks h) {
    return new WorkerOptions(workDir, failAfter, halt, h, fetchParallelism, diskFaults);
  }

  public WorkerOptions withDiskFaults(DiskFaults f) {
    return new WorkerOptions(workDir, failAfter, halt, hooks, fetchParallelism, f);
  }
}
