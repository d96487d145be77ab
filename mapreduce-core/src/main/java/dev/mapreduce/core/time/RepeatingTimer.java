package dev.mapreduce.core.time;

import java.time.Duration;

/** Re-arms a one-shot timer after each run, so a slow run never piles up overlapping ones. */
final class RepeatingTimer implements EventLoop.Cancellable {
  private final EventLoop loop;
  private final Duration period;
  private final Runnable task;
  private volatile boolean cancelled;
  private volatile EventLoop.Cancellable current;

  RepeatingTimer(EventLoop loop, Duration period, Runnable task) {
    this.loop = loop;
    this.period = period;
    this.task = task;
  }

  void start() {
    current = loop.schedule(period, this::fire);
  }

  private void fire() {
    if (cancelled) {
      return;
    }
    try {
      task.run();
    } finally {
      if (!cancelled) {
        current = loop.schedule(period, this::fire);
      }
    }
  }

  @Override
  public void cancel() {
    cancelled = true;
    EventLoop.Cancellable c = current;
    if (c != null) {
      c.cancel();
    }
  }
}
