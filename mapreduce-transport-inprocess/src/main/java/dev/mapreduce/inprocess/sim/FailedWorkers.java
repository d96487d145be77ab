package dev.mapreduce.inprocess.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The coordinator's verdicts on workers, replayed from its events, for {@link
 * Invariant#NO_WORK_FOR_FAILED_WORKER}: a worker is FAILED from its WorkerFailed event until it
 * registers again as a returning worker.
 */
final class FailedWorkers {
  private final Set<String> failed = new HashSet<>();
  private final Map<String, String> workerOfAttempt = new HashMap<>();

  void failed(String worker) {
    failed.add(worker);
  }

  void registered(String worker, boolean returning) {
    if (returning) {
      failed.remove(worker);
    }
  }

  Optional<String> assigned(String attempt, String worker) {
    workerOfAttempt.put(attempt, worker);
    return failed.contains(worker)
        ? Optional.of(attempt + " assigned to " + worker + ", which the coordinator holds FAILED")
        : Optional.empty();
  }

  Optional<String> accepted(String attempt, String worker) {
    return failed.contains(worker)
        ? Optional.of(attempt + " accepted from " + worker + ", which the coordinator holds FAILED")
        : Optional.empty();
  }

  Optional<String> committed(String task, String attempt) {
    String worker = workerOfAttempt.get(attempt);
    return worker != null && failed.contains(worker)
        ? Optional.of(
            task
                + " committed from "
                + attempt
                + " of "
                + worker
                + ", which the coordinator holds FAILED")
        : Optional.empty();
  }
}
