package dev.mapreduce.core.api;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/** Creates user classes (mappers, reducers, codecs) through their public no-arg constructor. */
public final class Instances {
  private Instances() {}

  public static <T> T create(Class<T> type, String role) {
    try {
      Constructor<T> ctor = type.getDeclaredConstructor();
      if (!Modifier.isPublic(ctor.getModifiers())
          || !Modifier.isPublic(type.getModifiers())
          || Modifier.isAbstract(type.getModifiers())) {
        ctor.setAccessible(true);
      }
      return ctor.newInstance();
    } catch (NoSuchMethodException e) {
      throw new InvalidJobException(
          "The "
              + role
              + " "
              + type.getName()
              + " needs a no-arg constructor so that a worker can create it"
              + (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())
                  ? " (it is an inner class: make it static)"
                  : ""),
          e);
    } catch (InvocationTargetException e) {
      throw new InvalidJobException(
          "The " + role + " " + type.getName() + " threw in its constructor: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new InvalidJobException(
          "Cannot create the " + role + " " + type.getName() + ": " + e, e);
    }
  }

  public static Class<?> load(String className, ClassLoader loader, String role) {
    try {
      return Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      throw new InvalidJobException(
          "The " + role + " class " + className + " is not on this process's classpath", e);
    }
  }
}
