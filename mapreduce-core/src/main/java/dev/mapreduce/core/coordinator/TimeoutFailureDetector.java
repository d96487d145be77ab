package dev.mapreduce.core.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The prototype's rule: a worker silent for longer than the timeout (default 10 s) has failed. */
public final class TimeoutFailureDetector implements FailureDetector {
  private final long timeoutMillis;
  private final Map<String, Long> lastHeard = new HashMap<>();

  public TimeoutFailureDetector(Duration timeout) {
    this.timeoutMillis = timeout.toMillis();
  }

  @Override
  public void heard(String workerId, long nowMillis) {
    lastHeard.put(workerId, nowMillis);
  }

  @Override
  public void forget(String workerId) {
    lastHeard.remove(workerId);
  }

  @Override
  public List<String> suspects(long nowMillis) {
    List<String> out = new ArrayList<>();
    lastHeard.forEach(
        (w, t) -> {
          if (nowMillis - t > timeoutMillis) {
            out.add(w);
          }
        });
    out.sort(null);
    return out;
  }

  @Override
  public long silenceMillis(String workerId, long nowMillis) {
    Long t = lastHeard.get(workerId);
    return t == null ? -1 : nowMillis - t;
  }
}
