package dev.mapreduce.core.worker;

import dev.mapreduce.core.api.Codec;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.internal.reflect.TypeArguments;
import java.util.Optional;

/**
 * Explains a ClassCastException thrown while a map output record was collected: {@code Job.build()}
 * checks codecs against what the mapper declares, but a generic or Object-typed mapper can still
 * emit a class its codec cannot write, and the bare exception names neither the codec nor the
 * setting. Built once per attempt; used only when a cast failed.
 */
final class MapOutputMismatch implements AttemptEmitter.CastExplainer {
  private final Codec<?> keyCodec;
  private final Codec<?> valueCodec;

  MapOutputMismatch(Codec<?> keyCodec, Codec<?> valueCodec) {
    this.keyCodec = keyCodec;
    this.valueCodec = valueCodec;
  }

  @Override
  public RuntimeException explain(ClassCastException e, Object key, Object value) {
    Optional<String> wrong =
        misfit("key", keyCodec, key).or(() -> misfit("value", valueCodec, value));
    if (wrong.isPresent()) {
      return new InvalidJobException(wrong.get() + ": fix .mapOutput(keyCodec, valueCodec)", e);
    }
    if (encodes(keyCodec).isPresent() && encodes(valueCodec).isPresent()) {
      return e; // both records fit their codecs: the cast failed elsewhere (a partitioner, say)
    }
    return new InvalidJobException(
        "ClassCastException while collecting a map output record (key "
            + className(key)
            + ", value "
            + className(value)
            + ") with key codec "
            + keyCodec.getClass().getName()
            + " and value codec "
            + valueCodec.getClass().getName()
            + ": if the codecs do not fit these classes, fix .mapOutput(keyCodec, valueCodec)",
        e);
  }

  private static Optional<String> misfit(String slot, Codec<?> codec, Object record) {
    Optional<Class<?>> type = encodes(codec);
    if (type.isEmpty() || record == null || type.get().isInstance(record)) {
      return Optional.empty();
    }
    return Optional.of(
        "the mapper emitted a "
            + slot
            + " of class "
            + record.getClass().getName()
            + ", but the map output "
            + slot
            + " codec "
            + codec.getClass().getName()
            + " encodes "
            + type.get().getName());
  }

  private static Optional<Class<?>> encodes(Codec<?> codec) {
    return TypeArguments.of(codec.getClass(), Codec.class)[0];
  }

  private static String className(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }
}
