package dev.mapreduce.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A worker rebuilds the job from strings the coordinator sends. Those strings must not be able to
 * run arbitrary code: a class is type-checked before it is initialised or instantiated.
 */
class DescriptorClassCheckTest {

  /**
   * Which probe classes had their static initialiser run. Kept outside the probes: reading a field
   * of a probe itself would initialise it.
   */
  static final class Initialized {
    static final Set<String> NAMES = ConcurrentHashMap.newKeySet();
  }

  public static final class Words implements Mapper<Long, String, String, Long> {
    @Override
    public void map(Long k, String v, Emitter<String, Long> out) {
      out.emit(v, 1L);
    }
  }

  public static final class Sum implements Reducer<String, Long, String, Long> {
    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {
      long s = 0;
      for (long v : vs) {
        s += v;
      }
      out.emit(k, s);
    }
  }

  public static final class Reverse implements Comparator<String> {
    @Override
    public int compare(String a, String b) {
      return b.compareTo(a);
    }
  }

  public static final class FirstChar implements Partitioner<String> {
    @Override
    public int partition(String key, int reduceTasks) {
      return key.isEmpty() ? 0 : key.charAt(0) % reduceTasks;
    }
  }

  /** Not a reducer, but its static initialiser has a visible side effect. */
  public static final class NotAReducerWithStaticInit {
    static {
      Initialized.NAMES.add("NotAReducerWithStaticInit");
    }

    public NotAReducerWithStaticInit() {}
  }

  /** A reducer whose only constructor is private; must not be initialised either. */
  public static final class PrivateConstructorReducer
      implements Reducer<String, Long, String, Long> {
    static {
      Initialized.NAMES.add("PrivateConstructorReducer");
    }

    private PrivateConstructorReducer() {}

    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {}
  }

  /** A reducer that is not public, though its constructor is. */
  static final class PackagePrivateReducer implements Reducer<String, Long, String, Long> {
    static {
      Initialized.NAMES.add("PackagePrivateReducer");
    }

    public PackagePrivateReducer() {}

    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {}
  }

  /** Public, of the right type, but no no-arg constructor. */
  public static final class NeedsArgumentReducer implements Reducer<String, Long, String, Long> {
    public NeedsArgumentReducer(int unused) {}

    @Override
    public void reduce(String k, Iterable<Long> vs, Emitter<String, Long> out) {}
  }

  /** Public and of the right type, but abstract. */
  public abstract static class AbstractReducer implements Reducer<String, Long, String, Long> {
    public AbstractReducer() {}
  }

  private static Map<String, String> descriptor() {
    Job job =
        Job.builder("t")
            .input(Path.of("in"))
            .output(Path.of("out"))
            .mapper(Words.class)
            .reducer(Sum.class)
            .combiner(Sum.class)
            .mapOutput(StringCodec.class, LongCodec.class)
            .partitioner(FirstChar.class)
            .keyOrder(Reverse.class)
            .build();
    return new LinkedHashMap<>(job.toDescriptor());
  }

  private static Map<String, String> descriptorWith(String slot, String className) {
    Map<String, String> d = descriptor();
    d.put(slot, className);
    return d;
  }

  private static Job load(Map<String, String> d) {
    return Job.fromDescriptor(d, DescriptorClassCheckTest.class.getClassLoader());
  }

  private static Set<Thread> liveNonDaemonThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon())
        .collect(Collectors.toSet());
  }

  @Test
  void legitimateDescriptorWithEverySlotStillLoads() {
    Map<String, String> d = descriptor();
    Job back = load(d);
    assertThat(back.toDescriptor()).isEqualTo(d);
    assertThat(back.newMapper()).isInstanceOf(Words.class);
    assertThat(back.newCombiner()).get().isInstanceOf(Sum.class);
    assertThat(back.newPartitioner()).isInstanceOf(FirstChar.class);
    assertThat(back.newValueCodec()).isInstanceOf(LongCodec.class);
    assertThat(back.newKeyOrder()).get().isInstanceOf(Reverse.class);
  }

  @Test
  void timerAsCombinerIsRefusedWithoutStartingAThread() {
    Set<Thread> before = liveNonDaemonThreads();
    try {
      assertThatThrownBy(() -> load(descriptorWith("combiner", "java.util.Timer")))
          .isInstanceOf(InvalidJobException.class)
          .hasMessageContaining("combiner class java.util.Timer")
          .hasMessageContaining("does not implement " + Reducer.class.getName());
    } finally {
      Set<Thread> started = liveNonDaemonThreads();
      started.removeAll(before);
      assertThat(started).as("non-daemon threads started by loading the job").isEmpty();
    }
  }

  @Test
  void wrongTypeIsRefusedBeforeItsStaticInitializerRuns() {
    String name = NotAReducerWithStaticInit.class.getName(); // a class literal does not initialise
    assertThatThrownBy(() -> load(descriptorWith("combiner", name)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("combiner class " + name)
        .hasMessageContaining("does not implement " + Reducer.class.getName());
    assertThat(Initialized.NAMES).doesNotContain("NotAReducerWithStaticInit");
  }

  @Test
  void privateConstructorIsRefusedBeforeTheClassIsInitialized() {
    String name = PrivateConstructorReducer.class.getName();
    assertThatThrownBy(() -> load(descriptorWith("reducer", name)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class " + name)
        .hasMessageContaining("public no-arg constructor");
    assertThat(Initialized.NAMES).doesNotContain("PrivateConstructorReducer");
  }

  @Test
  void nonPublicClassIsRefusedBeforeItIsInitialized() {
    String name = PackagePrivateReducer.class.getName();
    assertThatThrownBy(() -> load(descriptorWith("reducer", name)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class " + name)
        .hasMessageContaining("is not public");
    assertThat(Initialized.NAMES).doesNotContain("PackagePrivateReducer");
  }

  @Test
  void classWithoutNoArgConstructorIsRefused() {
    String name = NeedsArgumentReducer.class.getName();
    assertThatThrownBy(() -> load(descriptorWith("combiner", name)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("combiner class " + name)
        .hasMessageContaining("public no-arg constructor");
  }

  @Test
  void abstractClassesAndInterfacesAreRefused() {
    assertThatThrownBy(() -> load(descriptorWith("reducer", AbstractReducer.class.getName())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class " + AbstractReducer.class.getName())
        .hasMessageContaining("abstract");
    assertThatThrownBy(() -> load(descriptorWith("mapper", Mapper.class.getName())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("mapper class " + Mapper.class.getName())
        .hasMessageContaining("interface");
  }

  /** Every slot is checked against its own interface, not just the combiner. */
  @ParameterizedTest
  @CsvSource({
    "mapper,      mapper,      dev.mapreduce.core.api.Mapper",
    "reducer,     reducer,     dev.mapreduce.core.api.Reducer",
    "combiner,    combiner,    dev.mapreduce.core.api.Reducer",
    "partitioner, partitioner, dev.mapreduce.core.api.Partitioner",
    "keyCodec,    key codec,   dev.mapreduce.core.api.Codec",
    "valueCodec,  value codec, dev.mapreduce.core.api.Codec",
    "keyOrder,    key order,   java.util.Comparator",
  })
  void everySlotChecksItsType(String slot, String role, String expected) {
    // StringBuilder is public with a public no-arg constructor: only the type check can refuse it.
    assertThatThrownBy(() -> load(descriptorWith(slot, "java.lang.StringBuilder")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(role + " class java.lang.StringBuilder")
        .hasMessageContaining("does not implement " + expected);
  }

  /** A codec in the mapper slot is the right shape for another slot, but not this one. */
  @Test
  void aUserClassInTheWrongSlotIsRefused() {
    assertThatThrownBy(() -> load(descriptorWith("mapper", Sum.class.getName())))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("mapper class " + Sum.class.getName())
        .hasMessageContaining("does not implement " + Mapper.class.getName());
  }

  @Test
  void malformedAndUnknownNamesAreRefusedWithABoundedMessage() {
    assertThatThrownBy(() -> load(descriptorWith("reducer", "no.such.Reducer")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class no.such.Reducer")
        .hasMessageContaining("classpath");
    // An array descriptor is something Class.forName accepts but no job slot can hold.
    assertThatThrownBy(() -> load(descriptorWith("reducer", "[Ljava.lang.String;")))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class")
        .hasMessageContaining("not a valid class name");
    String huge = "a".repeat(10_000) + "\n\u001b[2J";
    assertThatThrownBy(() -> load(descriptorWith("combiner", huge)))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("combiner class")
        .hasMessageContaining("not a valid class name")
        .satisfies(
            e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\n", "\u001b"));
  }

  /** The builder's generic bounds can be dodged with raw types; build() still checks. */
  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void builderRefusesAWrongTypeSmuggledInThroughRawTypes() {
    Job.Builder b =
        Job.builder("t").input(Path.of("in")).output(Path.of("out")).mapper(Words.class);
    b.reducer((Class) StringBuilder.class);
    assertThatThrownBy(b::build)
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining("reducer class java.lang.StringBuilder")
        .hasMessageContaining("does not implement " + Reducer.class.getName());
  }

  /**
   * Numbers that would wrap into valid values if cast are refused, as is a boolean that is not one.
   */
  @ParameterizedTest
  @CsvSource({
    "reduceTasks, -4294967295", "reduceTasks, -2147483649", "reduceTasks, 2147483648",
        "maxAttempts, -4294967294",
    "mergeFactor, 99999999999", "splitSize, 12abc", "speculative, garbage",
        "noWorkerTimeoutMillis, ''"
  })
  void malformedFieldsAreRefusedNamingTheField(String field, String value) {
    Map<String, String> d = descriptor();
    d.put(field, value);
    assertThatThrownBy(() -> Job.fromDescriptor(d, getClass().getClassLoader()))
        .isInstanceOf(InvalidJobException.class)
        .hasMessageContaining(field);
  }
}
