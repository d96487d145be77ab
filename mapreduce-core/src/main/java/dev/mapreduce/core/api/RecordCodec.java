package dev.mapreduce.core.api;

import dev.mapreduce.core.internal.reflect.TypeArguments;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A codec for a Java record, composed of one codec per component. Name it in a job through a
 * subclass with a public no-arg constructor:
 *
 * <pre>{@code
 * public record Order(String customer, long cents) {}
 *
 * public final class OrderCodec extends RecordCodec<Order> {
 *   public OrderCodec() {
 *     super(Order.class, new StringCodec(), new LongCodec());
 *   }
 * }
 * }</pre>
 *
 * <p>Every component but the last is written after its length, so any codec can encode any field.
 * As a key, a record sorts component by component in each component codec's natural order; that
 * needs every component's codec to be a {@link KeyCodec}, which the job checks when it is built.
 * The record class and its canonical constructor must be public.
 *
 * @param <R> the record type
 */
public class RecordCodec<R extends Record> implements KeyCodec<R> {
  private final Class<R> type;
  private final List<Codec<Object>> codecs;
  private final Method[] accessors;
  private final Constructor<R> constructor;

  /**
   * A codec for {@code type} with {@code componentCodecs} in the order of its components.
   *
   * @param type the record class
   * @param componentCodecs one codec per component, each for the component's type
   * @throws IllegalArgumentException if the codecs do not match the components in number or type,
   *     or the record or its canonical constructor is not public
   */
  @SuppressWarnings("unchecked")
  protected RecordCodec(Class<R> type, Codec<?>... componentCodecs) {
    this.type = type;
    RecordComponent[] components = type.getRecordComponents();
    if (components == null || components.length != componentCodecs.length) {
      throw new IllegalArgumentException(
          type.getName()
              + " has "
              + (components == null ? "no" : components.length)
              + " record components but "
              + componentCodecs.length
              + " codecs were given");
    }
    this.codecs = new ArrayList<>();
    this.accessors = new Method[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      checkCodecFits(components[i], componentCodecs[i]);
      codecs.add((Codec<Object>) componentCodecs[i]);
      accessors[i] = components[i].getAccessor();
      types[i] = components[i].getType();
    }
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new IllegalArgumentException(type.getName() + " must be public for RecordCodec");
    }
    try {
      this.constructor = type.getConstructor(types);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(
          "the canonical constructor of " + type.getName() + " must be public", e);
    }
  }

  private void checkCodecFits(RecordComponent component, Codec<?> codec) {
    Optional<Class<?>> encodes = TypeArguments.of(codec.getClass(), Codec.class)[0];
    Class<?> field = box(component.getType());
    if (encodes.isPresent() && !box(encodes.get()).isAssignableFrom(field)) {
      throw new IllegalArgumentException(
          "component '"
              + component.getName()
              + "' of "
              + type.getName()
              + " is a "
              + component.getType().getName()
              + " but its codec "
              + codec.getClass().getName()
              + " encodes "
              + encodes.get().getName());
    }
  }

  private static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return java.lang.invoke.MethodType.methodType(c).wrap().returnType();
  }

  @Override
  public void write(R value, ByteSink out) {
    int last = codecs.size() - 1;
    for (int i = 0; i <= last; i++) {
      Object field = get(accessors[i], value);
      if (i == last) {
        codecs.get(i).write(field, out); // the engine's framing ends it
      } else {
        writeFramed(codecs.get(i), field, out);
      }
    }
  }

  /**
   * Writes the field, then moves it right to put its length in front: a field's length is known
   * only once written, and this keeps the codec free of scratch buffers (and thread-safe).
   */
  private static void writeFramed(Codec<Object> codec, Object field, ByteSink out) {
    int start = out.size();
    codec.write(field, out);
    int length = out.size() - start;
    int header = varIntSize(length);
    byte[] a = out.reserve(header);
    System.arraycopy(a, start, a, start + header, length);
    int pos = start;
    int v = length;
    while ((v & ~0x7F) != 0) {
      a[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    a[pos] = (byte) v;
    out.advance(header);
  }

  private static int varIntSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  @Override
  public R read(byte[] buffer, int offset, int length) {
    ByteSource in = new ByteSource(buffer, offset, length);
    int last = codecs.size() - 1;
    Object[] fields = new Object[codecs.size()];
    for (int i = 0; i <= last; i++) {
      int n = i == last ? in.remaining() : in.readLength();
      fields[i] = codecs.get(i).read(buffer, in.position(), n);
      in.skip(n);
    }
    try {
      return constructor.newInstance(fields);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "the constructor of " + type.getName() + " refused decoded fields: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
    }
  }

  /**
   * Component by component, each in its codec's natural order.
   *
   * @throws IllegalStateException if a component's codec is not a {@link KeyCodec}
   */
  @Override
  public Comparator<R> naturalOrder() {
    Comparator<R> order = (a, b) -> 0;
    for (int i = 0; i < codecs.size(); i++) {
      if (!(codecs.get(i) instanceof KeyCodec<Object> key)) {
        throw new IllegalStateException(
            "component '"
                + type.getRecordComponents()[i].getName()
                + "' of "
                + type.getName()
                + " has codec "
                + codecs.get(i).getClass().getName()
                + ", which defines no order (not a KeyCodec): records of this type cannot sort"
                + " as keys unless the job names a keyOrder");
      }
      Method accessor = accessors[i];
      Comparator<? super Object> fieldOrder = key.naturalOrder();
      order = order.thenComparing((a, b) -> fieldOrder.compare(get(accessor, a), get(accessor, b)));
    }
    return order;
  }

  private static Object get(Method accessor, Object record) {
    try {
      return accessor.invoke(record);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(
          "accessor " + accessor.getName() + " threw: " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read component " + accessor.getName(), e);
    }
  }
}
