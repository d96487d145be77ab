package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Counter;
import dev.mapreduce.core.api.Emitter;
import dev.mapreduce.core.api.TaskInfo;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@link Emitter} user code sees in an attempt: records go to {@code sink}, counters to the
 * attempt.
 */
final class AttemptEmitter<K, V> implements Emitter<K, V> {
  /** Where emitted records go. */
  interface Sink<K, V> {
    void accept(K key, V value) throws IOException;
  }

  /** Turns a ClassCastException thrown by the sink into an error a user can act on. */
  interface CastExplainer {
    RuntimeException explain(ClassCastException e, Object key, Object value);
  }

  private final AttemptContext ctx;
  private final Sink<K, V> sink;
  private final CastExplainer onCast;

  AttemptEmitter(AttemptContext ctx, Sink<K, V> sink) {
    this(ctx, sink, (e, k, v) -> e);
  }

  AttemptEmitter(AttemptContext ctx, Sink<K, V> sink, CastExplainer onCast) {
    this.ctx = ctx;
    this.sink = sink;
    this.onCast = onCast;
  }

  @Override
  public void emit(K key, V value) {
    ctx.progress();
    try {
      sink.accept(key, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassCastException e) {
      // Costs nothing until a cast fails; then the explainer looks at the record's classes.
      throw onCast.explain(e, key, value);
    }
  }

  @Override
  public Counter counter(String name) {
    return ctx.counter(name);
  }

  @Override
  public void progress() {
    ctx.progress();
  }

  @Override
  public TaskInfo task() {
    return ctx.info;
  }
}
