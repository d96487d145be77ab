package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.time.Clock;
import dev.mapreduce.core.time.EventLoop;
import dev.mapreduce.core.time.TaskRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * One thread, virtual time, a seeded order. Every node's {@link EventLoop} is a view of one
 * priority queue ordered by (virtual time, a random tie-break drawn from the seed's scheduling
 * stream), so events due at the same moment run in an order the seed decides, and the same seed
 * always gives the same run. A 10-second timeout costs one queue entry.
 */
public final class SimulatedWorld {
  /** Virtual time starts here, so status blocks show a plausible date. */
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final Random random;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private final Map<String, NodeLoop> loops = new HashMap<>();
  private long now;
  private long sequence;
  private long eventsRun;

  private record Event(long time, long tieBreak, long seq, NodeLoop loop, Runnable task)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      if (c != 0) {
        return c;
      }
      c = Long.compare(tieBreak, o.tieBreak);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  public SimulatedWorld(long seed) {
    this.random = SimSeeds.SCHEDULING.of(seed);
  }

  /** The scheduling stream: tie-breaks and start-up jitter (see {@link SimSeeds}). */
  public Random random() {
    return random;
  }

  public long nowMillis() {
    return now;
  }

  public long eventsRun() {
    return eventsRun;
  }

  public Clock clock() {
    return new Clock() {
      @Override
      public long millis() {
        return now;
      }

      @Override
      public Instant now() {
        return EPOCH.plusMillis(now);
      }
    };
  }

  /**
   * The event loop of {@code node}; the same object for the same name. A restarted process needs a
   * loop of its own under a new name: a dead loop never runs again.
   */
  public EventLoop loop(String node) {
    return loops.computeIfAbsent(node, NodeLoop::new);
  }

  /** Whether a node's loop still runs (false after a crash or stop). */
  public boolean alive(String node) {
    NodeLoop l = loops.get(node);
    return l != null && l.alive;
  }

  /**
   * A task runner for {@code node} that runs the body on this thread at the end of the virtual time
   * {@code duration} gives for it, and completes it then. The body's effects (its files, its
   * counters) thus appear when it ends, as with a real body that writes as it goes and closes its
   * files last: an attempt killed or overtaken meanwhile may still write late, racing the commit.
   * Nothing runs if the node dies first.
   */
  public TaskRunner runner(String node, ToLongFunction<String> durationMillis) {
    NodeLoop loop = (NodeLoop) loop(node);
    return new TaskRunner() {
      @Override
      public <T> CompletableFuture<T> run(String taskName, Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.schedule(
            Duration.ofMillis(durationMillis.applyAsLong(taskName)),
            () -> {
              try {
                f.complete(body.call());
              } catch (Throwable e) {
                f.completeExceptionally(e);
              }
            });
        return f;
      }

      @Override
      public void shutdown() {}
    };
  }

  /** Schedules a task that belongs to no node (network deliveries, scheduled faults). */
  public void at(long delayMillis, Runnable task) {
    enqueue(null, delayMillis, task);
  }

  /**
   * Runs events until {@code done} is true, the queue empties, or virtual time passes {@code
   * limitMillis}. Returns true if {@code done} became true.
   */
  public boolean runUntil(BooleanSupplier done, long limitMillis) {
    while (!done.getAsBoolean()) {
      Event e = queue.poll();
      if (e == null || e.time > limitMillis) {
        return done.getAsBoolean();
      }
      now = e.time;
      if (e.loop != null && !e.loop.alive) {
        continue;
      }
      eventsRun++;
      run(e);
    }
    return true;
  }

  /**
   * Runs one event. An exception escaping a node's task goes to the handler the node registered
   * (the coordinator and workers fail loudly, as on a real thread loop), so the simulation records
   * the bug instead of dying with it; with no handler it propagates.
   */
  private static void run(Event e) {
    try {
      e.task.run();
    } catch (RuntimeException ex) {
      Consumer<Throwable> handler = e.loop == null ? null : e.loop.failureHandler;
      if (handler == null) {
        throw ex;
      }
      handler.accept(ex);
    }
  }

  private void enqueue(NodeLoop loop, long delayMillis, Runnable task) {
    queue.add(new Event(now + Math.max(0, delayMillis), random.nextLong(), sequence++, loop, task));
  }

  private final class NodeLoop implements EventLoop {
    private final String name;
    private boolean alive = true;
    private Consumer<Throwable> failureHandler;

    NodeLoop(String name) {
      this.name = name;
    }

    @Override
    public void execute(Runnable task) {
      if (alive) {
        enqueue(this, 0, task);
      }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
      boolean[] cancelled = {false};
      if (alive) {
        enqueue(
            this,
            delay.toMillis(),
            () -> {
              if (!cancelled[0]) {
                task.run();
              }
            });
      }
      return () -> cancelled[0] = true;
    }

    @Override
    public void onFailure(Consumer<Throwable> handler) {
      this.failureHandler = handler;
    }

    @Override
    public void shutdown() {
      alive = false;
    }

    @Override
    public String toString() {
      return "loop(" + name + ")";
    }
  }
}
