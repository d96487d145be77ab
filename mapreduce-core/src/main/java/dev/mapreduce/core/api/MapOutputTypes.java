package dev.mapreduce.core.api;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.internal.reflect.TypeArguments;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, when a job is built, that the map output codecs fit the types the mapper emits and the
 * reducer (and combiner) take, as far as the classes' declarations tell. Without this check a
 * mismatch shows only at run time, as a ClassCastException in every attempt. Where a declaration
 * leaves a type open (a generic class, {@code Object}), the worker checks each record instead.
 */
final class MapOutputTypes {
  /** A ready codec to suggest for a type a user's codec does not fit. */
  private static final Map<Class<?>, Class<?>> READY =
      Map.of(
          String.class, StringCodec.class,
          Long.class, LongCodec.class,
          Integer.class, IntegerCodec.class,
          Double.class, DoubleCodec.class,
          byte[].class, BytesCodec.class);

  private MapOutputTypes() {}

  static void check(
      String job,
      Class<?> mapper,
      Class<?> reducer,
      Class<?> combiner,
      Class<?> keyCodec,
      Class<?> valueCodec,
      boolean jobOrdersKeys) {
    Optional<Class<?>>[] mapOut = TypeArguments.of(mapper, Mapper.class);
    Optional<Class<?>>[] reduceIn = TypeArguments.of(reducer, Reducer.class);
    Optional<Class<?>> keyType = TypeArguments.of(keyCodec, Codec.class)[0];
    Optional<Class<?>> valueType = TypeArguments.of(valueCodec, Codec.class)[0];
    Slot key = new Slot("key", keyCodec, keyType, mapOut[2]);
    Slot value = new Slot("value", valueCodec, valueType, mapOut[3]);
    Mismatch.find(key, mapOut[2], "the mapper " + mapper.getName() + " emits keys of type")
        .or(
            () ->
                Mismatch.find(
                    value, mapOut[3], "the mapper " + mapper.getName() + " emits values of type"))
        .or(
            () ->
                Mismatch.find(
                    key, reduceIn[0], "the reducer " + reducer.getName() + " takes keys of type"))
        .or(
            () ->
                Mismatch.find(
                    value,
                    reduceIn[1],
                    "the reducer " + reducer.getName() + " takes values of type"))
        .or(() -> combinerMismatch(combiner, key, value))
        .ifPresent(
            m -> {
              throw new InvalidJobException("Job '" + job + "': " + m.message(key, value));
            });
    if (!jobOrdersKeys) {
      checkKeyOrder(keyCodec);
    }
  }

  /**
   * Checks that the mapper takes what the input format reads (and, with in-memory lines, what they
   * are: a Long index and a String line), as far as the declarations tell.
   */
  static void checkInput(String job, Class<?> mapper, Class<?> inputFormat, boolean inMemory) {
    Optional<Class<?>>[] mapIn = TypeArguments.of(mapper, Mapper.class);
    Optional<Class<?>>[] reads = TypeArguments.of(inputFormat, InputFormat.class);
    String[] what = {"keys", "values"};
    for (int i = 0; i < 2; i++) {
      if (mapIn[i].isPresent()
          && reads[i].isPresent()
          && disjoint(mapIn[i].get(), reads[i].get())) {
        throw new InvalidJobException(
            "Job '"
                + job
                + "': the input format "
                + inputFormat.getName()
                + " reads "
                + what[i]
                + " of type "
                + reads[i].get().getName()
                + ", but the mapper "
                + mapper.getName()
                + " takes "
                + mapIn[i].get().getName()
                + ". Choose the input format with .inputFormat(...)");
      }
      Class<?> line = i == 0 ? Long.class : String.class;
      if (inMemory && mapIn[i].isPresent() && disjoint(mapIn[i].get(), line)) {
        throw new InvalidJobException(
            "Job '"
                + job
                + "': in-memory input lines are read as (Long index, String line), but the mapper "
                + mapper.getName()
                + " takes "
                + what[i]
                + " of type "
                + mapIn[i].get().getName());
      }
    }
  }

  private static Optional<Mismatch> combinerMismatch(Class<?> combiner, Slot key, Slot value) {
    if (combiner == null) {
      return Optional.empty();
    }
    Optional<Class<?>>[] t = TypeArguments.of(combiner, Reducer.class);
    String c = "the combiner " + combiner.getName();
    return Mismatch.find(key, t[0], c + " takes keys of type")
        .or(() -> Mismatch.find(value, t[1], c + " takes values of type"))
        .or(() -> Mismatch.find(key, t[2], c + " emits keys of type"))
        .or(() -> Mismatch.find(value, t[3], c + " emits values of type"));
  }

  private static void checkKeyOrder(Class<?> keyCodec) {
    if (!KeyCodec.class.isAssignableFrom(keyCodec)) {
      throw new InvalidJobException(
          "The key codec "
              + keyCodec.getName()
              + " defines no order (it is a Codec, not a KeyCodec): make it a KeyCodec, or name"
              + " the order of keys with .keyOrder(...)");
    }
    try {
      ((KeyCodec<?>) Instances.create(keyCodec, "key codec")).naturalOrder();
    } catch (IllegalStateException e) {
      throw new InvalidJobException(
          "The key codec " + keyCodec.getName() + " cannot order keys: " + e.getMessage(), e);
    }
  }

  /**
   * True when no object can be both an {@code a} and a {@code b}: neither is a subtype of the
   * other, and either both are classes or one of them is final (an interface and a non-final class
   * could still meet in a subclass).
   */
  static boolean disjoint(Class<?> a, Class<?> b) {
    if (a.isAssignableFrom(b) || b.isAssignableFrom(a)) {
      return false;
    }
    boolean bothClasses = !a.isInterface() && !b.isInterface();
    return bothClasses || Modifier.isFinal(a.getModifiers()) || Modifier.isFinal(b.getModifiers());
  }

  /** One codec setting and the type its codec encodes, if its declaration says. */
  private record Slot(
      String name, Class<?> codec, Optional<Class<?>> encodes, Optional<Class<?>> mapperEmits) {
    String suggestion() {
      Class<?> wanted = mapperEmits.orElse(null);
      Class<?> ready = wanted == null ? null : READY.get(wanted);
      return ready == null
          ? "a codec for " + (wanted == null ? "it" : wanted.getSimpleName())
          : ready.getSimpleName() + ".class";
    }
  }

  /** A codec setting whose type cannot meet what {@code who} declares. */
  private record Mismatch(Slot slot, Class<?> declared, String who) {
    static Optional<Mismatch> find(Slot slot, Optional<Class<?>> declared, String who) {
      if (slot.encodes().isEmpty() || declared.isEmpty()) {
        return Optional.empty();
      }
      return disjoint(slot.encodes().get(), declared.get())
          ? Optional.of(new Mismatch(slot, declared.get(), who))
          : Optional.empty();
    }

    String message(Slot key, Slot value) {
      return "the map output "
          + slot.name()
          + " codec "
          + slot.codec().getName()
          + " encodes "
          + slot.encodes().get().getName()
          + ", but "
          + who
          + " "
          + declared.getName()
          + ". Set both codecs with .mapOutput(keyCodec, valueCodec), e.g. .mapOutput("
          + key.suggestion()
          + ", "
          + value.suggestion()
          + "); the default is StringCodec for both";
    }
  }
}
