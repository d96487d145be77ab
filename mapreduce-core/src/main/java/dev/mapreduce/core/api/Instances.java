package dev.mapreduce.core.api;

import dev.mapreduce.core.internal.text.Quoting;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Loads and creates user classes (mappers, reducers, codecs) through their public no-arg
 * constructor.
 *
 * <p>A worker gets class names from the coordinator, so a name is untrusted until checked. Loading
 * never initialises a class, and a class is type-checked and checked for a public no-arg
 * constructor before anything instantiates it: otherwise naming, say, {@code java.util.Timer} as a
 * combiner would run its constructor (and start a thread) before any check could refuse it.
 */
public final class Instances {
  /** Far beyond any real class name; keeps a hostile name out of the class loader. */
  private static final int MAX_CLASS_NAME_LENGTH = 1000;

  /** How much of a rejected name an error message repeats. */
  private static final int SHOWN_CHARS = 80;

  private Instances() {}

  /**
   * Loads {@code className} for the slot {@code role} (for messages: "mapper", "key codec", ...)
   * and checks, without initialising it, that it is a public, concrete subtype of {@code expected}
   * with a public no-arg constructor.
   */
  public static <T> Class<? extends T> load(
      String className, Class<T> expected, ClassLoader loader, String role) {
    Class<?> type = load(className, loader, role);
    checkCreatable(type, expected, role);
    return type.asSubclass(expected);
  }

  /**
   * Loads {@code className} without initialising it and without checking its type: the caller must
   * check the type (or use {@link #load(String, Class, ClassLoader, String)}) before {@link
   * #create}, which is what runs the class's static initialiser.
   */
  public static Class<?> load(String className, ClassLoader loader, String role) {
    if (!isBinaryClassName(className)) {
      throw new InvalidJobException(
          "The " + role + " class " + quote(className) + " is not a valid class name");
    }
    try {
      // initialize=false: a static initialiser is code; it must not run before the type check.
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new InvalidJobException(
          "The " + role + " class " + className + " is not on this process's classpath", e);
    } catch (LinkageError e) {
      // E.g. a superclass or interface missing, or compiled for a newer JVM.
      throw new InvalidJobException(
          "The " + role + " class " + className + " cannot be loaded: " + e, e);
    }
  }

  /**
   * Refuses {@code type} for the slot {@code role} unless it is a public, concrete class
   * implementing or extending {@code expected} with a public no-arg constructor. Uses reflection
   * only, so the class is not initialised.
   */
  public static void checkCreatable(Class<?> type, Class<?> expected, String role) {
    String what = "The " + role + " class " + type.getName();
    // The type comes first: a class of the wrong type is refused whatever its constructors are.
    if (!expected.isAssignableFrom(type)) {
      throw new InvalidJobException(
          what
              + " does not "
              + (expected.isInterface() ? "implement " : "extend ")
              + expected.getName());
    }
    if (type.isInterface()) {
      throw new InvalidJobException(what + " is an interface, not a class a worker can create");
    }
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new InvalidJobException(what + " is abstract, so a worker cannot create it");
    }
    checkConstructible(type, what);
  }

  /** Creates {@code type}, which must be public with a public no-arg constructor. */
  public static <T> T create(Class<T> type, String role) {
    String what = "The " + role + " class " + type.getName();
    checkConstructible(type, what);
    try {
      // No setAccessible: what a worker may create is exactly what the class makes public.
      return type.getConstructor().newInstance();
    } catch (InvocationTargetException e) {
      throw new InvalidJobException(
          "The " + role + " " + type.getName() + " threw in its constructor: " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // LinkageError covers a static initialiser that throws (ExceptionInInitializerError).
      throw new InvalidJobException(
          "Cannot create the " + role + " " + type.getName() + ": " + e, e);
    }
  }

  private static void checkConstructible(Class<?> type, String what) {
    boolean inner = type.isMemberClass() && !Modifier.isStatic(type.getModifiers());
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new InvalidJobException(
          what
              + " is not public; a worker can only create public classes"
              + (inner ? " (it is also an inner class: make it static)" : ""));
    }
    try {
      // getConstructor() sees public constructors only and does not initialise the class.
      type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new InvalidJobException(
          what
              + " needs a public no-arg constructor so that a worker can create it"
              + (inner ? " (it is an inner class: make it static)" : ""),
          e);
    } catch (LinkageError e) {
      // A constructor's parameter type that cannot be loaded.
      throw new InvalidJobException(what + " cannot be inspected: " + e, e);
    }
  }

  /**
   * A binary name as the compiler writes it: dot-separated Java identifiers ('$' for nesting).
   * Refuses array descriptors ("[Ljava.lang.String;"), paths, control characters and the like
   * before they reach a class loader, which may be user code.
   */
  private static boolean isBinaryClassName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_CLASS_NAME_LENGTH) {
      return false;
    }
    boolean atStart = true;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '.') {
        if (atStart) {
          return false; // leading dot or ".."
        }
        atStart = true;
        continue;
      }
      // isJavaIdentifierPart accepts "ignorable" control characters; a class name must not.
      if (Character.isIdentifierIgnorable(cp)
          || !(atStart
              ? Character.isJavaIdentifierStart(cp)
              : Character.isJavaIdentifierPart(cp))) {
        return false;
      }
      atStart = false;
    }
    return !atStart; // no trailing dot
  }

  private static String quote(String s) {
    return Quoting.quote(s, SHOWN_CHARS);
  }
}
