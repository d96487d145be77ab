package dev.mapreduce.core.internal.reflect;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a class binds a generic interface's type parameters to, as far as its declaration says:
 * {@code class Tokens implements Mapper<Long, String, String, Long>} binds Mapper's {@code K2} to
 * String. Walks superclasses and superinterfaces, following type variables through them. A
 * parameter the class leaves open (a generic class, a raw type, a wildcard) is empty: the caller
 * cannot tell and must check at run time.
 */
public final class TypeArguments {
  private TypeArguments() {}

  /**
   * The raw classes {@code type} binds {@code generic}'s type parameters to, in declaration order;
   * an element is empty where the declaration does not say. All empty if {@code type} does not
   * implement {@code generic} at all.
   */
  public static Optional<Class<?>>[] of(Class<?> type, Class<?> generic) {
    Type[] found = find(type, generic, Map.of());
    @SuppressWarnings("unchecked")
    Optional<Class<?>>[] out = new Optional[generic.getTypeParameters().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = found == null ? Optional.empty() : rawClass(found[i]);
    }
    return out;
  }

  /** {@code type}'s arguments for {@code generic}, with {@code bound} for type's own variables. */
  private static Type[] find(Class<?> type, Class<?> generic, Map<TypeVariable<?>, Type> bound) {
    if (type == generic) {
      TypeVariable<?>[] params = generic.getTypeParameters();
      Type[] out = new Type[params.length];
      for (int i = 0; i < params.length; i++) {
        out[i] = bound.get(params[i]);
      }
      return out;
    }
    if (!generic.isAssignableFrom(type)) {
      return null;
    }
    Type superclass = type.getGenericSuperclass();
    if (superclass != null) {
      Type[] found = step(superclass, generic, bound);
      if (found != null) {
        return found;
      }
    }
    for (Type iface : type.getGenericInterfaces()) {
      Type[] found = step(iface, generic, bound);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Type[] step(Type supertype, Class<?> generic, Map<TypeVariable<?>, Type> bound) {
    if (supertype instanceof Class<?> raw) {
      // A raw supertype (extends ArrayList, implements Codec) binds nothing.
      return find(raw, generic, Map.of());
    }
    if (supertype instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      TypeVariable<?>[] params = raw.getTypeParameters();
      Type[] args = p.getActualTypeArguments();
      Map<TypeVariable<?>, Type> next = new HashMap<>();
      for (int i = 0; i < params.length; i++) {
        Type arg = args[i] instanceof TypeVariable<?> v ? bound.get(v) : args[i];
        if (arg != null) {
          next.put(params[i], arg);
        }
      }
      return find(raw, generic, next);
    }
    return null;
  }

  private static Optional<Class<?>> rawClass(Type t) {
    if (t instanceof Class<?> c) {
      return Optional.of(c);
    }
    if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return Optional.of(c);
    }
    if (t instanceof GenericArrayType) {
      return Optional.empty(); // List<String>[] and the like: too rare to be worth resolving
    }
    return Optional.empty(); // type variables and wildcards: the declaration does not say
  }
}
