package dev.mapreduce.core.api;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.OutputFormat;
import dev.mapreduce.core.format.TextLines;
import dev.mapreduce.core.format.TextOutput;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable job specification. User code is referenced by class (public no-arg constructor) so
 * that the same job runs unchanged in-process and on remote workers; {@link #toDescriptor()} and
 * {@link #fromDescriptor} carry it across a process boundary as plain strings.
 *
 * <p>Longer than most classes on purpose: the spec, its builder and the builder's validation are
 * the one type users build jobs with, and each setting appears in all three.
 */
public final class Job {
  public static final long DEFAULT_SPLIT_SIZE = 32L << 20;
  public static final long DEFAULT_SORT_BUFFER = 64L << 20;

  private final String name;
  private final List<Path> inputs;
  private final Path output;
  private final Class<?> mapper;
  private final Class<?> reducer;
  private final Optional<Class<?>> combiner;
  private final Class<?> partitioner;
  private final Class<?> keyCodec;
  private final Class<?> valueCodec;
  private final Optional<Class<?>> keyOrder;
  private final Class<?> inputFormat;
  private final Class<?> outputFormat;
  private final List<String> inputLines;
  private final int reduceTasks;
  private final long splitSize;
  private final long sortBufferBytes;
  private final int maxAttempts;
  private final boolean speculative;
  private final Duration noWorkerTimeout;
  private final Duration taskTimeout;
  private final int mergeFactor;
  private final long maxSkippedRecords;
  private final Map<String, String> configuration;

  private Job(Builder b) {
    this.name = b.name;
    this.inputs = List.copyOf(b.inputs);
    this.output = b.output;
    this.mapper = b.mapper;
    this.reducer = b.reducer;
    this.combiner = Optional.ofNullable(b.combiner);
    this.partitioner = b.partitioner;
    this.keyCodec = b.keyCodec;
    this.valueCodec = b.valueCodec;
    this.keyOrder = Optional.ofNullable(b.keyOrder);
    this.inputFormat = b.inputFormat;
    this.outputFormat = b.outputFormat;
    this.inputLines = List.copyOf(b.inputLines);
    this.reduceTasks = b.reduceTasks;
    this.splitSize = b.splitSize;
    this.sortBufferBytes = b.sortBufferBytes;
    this.maxAttempts = b.maxAttempts;
    this.speculative = b.speculative;
    this.noWorkerTimeout = b.noWorkerTimeout;
    this.taskTimeout = b.taskTimeout;
    this.mergeFactor = b.mergeFactor;
    this.maxSkippedRecords = b.maxSkippedRecords;
    this.configuration = Map.copyOf(b.configuration);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.inputs.addAll(inputs);
    b.output = output;
    b.mapper = mapper;
    b.reducer = reducer;
    b.combiner = combiner.orElse(null);
    b.partitioner = partitioner;
    b.keyCodec = keyCodec;
    b.valueCodec = valueCodec;
    b.keyOrder = keyOrder.orElse(null);
    b.inputFormat = inputFormat;
    b.outputFormat = outputFormat;
    b.inputLines.addAll(inputLines);
    b.reduceTasks = reduceTasks;
    b.splitSize = splitSize;
    b.sortBufferBytes = sortBufferBytes;
    b.maxAttempts = maxAttempts;
    b.speculative = speculative;
    b.noWorkerTimeout = noWorkerTimeout;
    b.taskTimeout = taskTimeout;
    b.mergeFactor = mergeFactor;
    b.maxSkippedRecords = maxSkippedRecords;
    b.configuration.putAll(configuration);
    return b;
  }

  public String name() {
    return name;
  }

  public List<Path> inputs() {
    return inputs;
  }

  public Path output() {
    return output;
  }

  public int reduceTasks() {
    return reduceTasks;
  }

  /** Lines given to the job in memory (see {@link Builder#inputLines}); empty for most jobs. */
  public List<String> inputLines() {
    return inputLines;
  }

  public long splitSize() {
    return splitSize;
  }

  public long sortBufferBytes() {
    return sortBufferBytes;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public boolean speculative() {
    return speculative;
  }

  public Duration noWorkerTimeout() {
    return noWorkerTimeout;
  }

  /** How long an attempt may go without progress before it is killed and counted as failed. */
  public Duration taskTimeout() {
    return taskTimeout;
  }

  /** How many runs a reduce merges at once; more are merged in passes. */
  public int mergeFactor() {
    return mergeFactor;
  }

  public Map<String, String> configuration() {
    return configuration;
  }

  /** How many bad input records the job may skip in all; 0 (the default) skips none. */
  public long maxSkippedRecords() {
    return maxSkippedRecords;
  }

  public boolean hasCombiner() {
    return combiner.isPresent();
  }

  @SuppressWarnings("unchecked")
  public <K1, V1, K2, V2> Mapper<K1, V1, K2, V2> newMapper() {
    return (Mapper<K1, V1, K2, V2>) Instances.create(mapper, "mapper");
  }

  @SuppressWarnings("unchecked")
  public <K2, V2, K3, V3> Reducer<K2, V2, K3, V3> newReducer() {
    return (Reducer<K2, V2, K3, V3>) Instances.create(reducer, "reducer");
  }

  @SuppressWarnings("unchecked")
  public <K2, V2> Optional<Reducer<K2, V2, K2, V2>> newCombiner() {
    return combiner.map(c -> (Reducer<K2, V2, K2, V2>) Instances.create(c, "combiner"));
  }

  @SuppressWarnings("unchecked")
  public <K1, V1> InputFormat<K1, V1> newInputFormat() {
    return (InputFormat<K1, V1>) Instances.create(inputFormat, "input format");
  }

  @SuppressWarnings("unchecked")
  public <K3, V3> OutputFormat<K3, V3> newOutputFormat() {
    return (OutputFormat<K3, V3>) Instances.create(outputFormat, "output format");
  }

  @SuppressWarnings("unchecked")
  public <K2> Partitioner<K2> newPartitioner() {
    return (Partitioner<K2>) Instances.create(partitioner, "partitioner");
  }

  @SuppressWarnings("unchecked")
  public <K2> Codec<K2> newKeyCodec() {
    return (Codec<K2>) Instances.create(keyCodec, "key codec");
  }

  @SuppressWarnings("unchecked")
  public <V2> Codec<V2> newValueCodec() {
    return (Codec<V2>) Instances.create(valueCodec, "value codec");
  }

  /** The job's key order, if it names one; otherwise the key codec's natural order applies. */
  @SuppressWarnings("unchecked")
  public <K2> Optional<Comparator<? super K2>> newKeyOrder() {
    return keyOrder.map(c -> (Comparator<? super K2>) Instances.create(c, "key order"));
  }

  /** The job as plain strings, for a remote worker. */
  public Map<String, String> toDescriptor() {
    return JobDescriptor.of(this);
  }

  /**
   * Rebuilds a job from {@link #toDescriptor()}, loading user classes from {@code loader}. The
   * strings come from another process: anything malformed is an {@link InvalidJobException}.
   */
  public static Job fromDescriptor(Map<String, String> d, ClassLoader loader) {
    return JobDescriptor.parse(d, loader);
  }

  @Override
  public String toString() {
    return "Job["
        + name
        + ", "
        + inputs.size()
        + " input(s) -> "
        + output
        + ", R="
        + reduceTasks
        + "]";
  }

  /** Builds a {@link Job}; {@link #build()} checks everything that can be checked up front. */
  public static final class Builder {
    private final String name;
    final List<Path> inputs = new ArrayList<>();
    private Path output;
    Class<?> mapper;
    Class<?> reducer;
    Class<?> combiner;
    Class<?> partitioner = HashPartitioner.class;
    Class<?> keyCodec = StringCodec.class;
    Class<?> valueCodec = StringCodec.class;
    Class<?> keyOrder;
    Class<?> inputFormat = TextLines.class;
    Class<?> outputFormat = TextOutput.class;
    final List<String> inputLines = new ArrayList<>();
    private int reduceTasks = 1;
    private long splitSize = DEFAULT_SPLIT_SIZE;
    private long sortBufferBytes = DEFAULT_SORT_BUFFER;
    private int maxAttempts = 3;
    private boolean speculative = true;
    private Duration noWorkerTimeout = Duration.ofSeconds(120);
    private Duration taskTimeout = Duration.ofMinutes(10);
    private int mergeFactor = 64;
    private long maxSkippedRecords;
    private final Map<String, String> configuration = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** Text files or directories (read recursively; names starting with '_' or '.' skipped). */
    public Builder input(Path... paths) {
      inputs.addAll(List.of(paths));
      return this;
    }

    public Builder inputs(List<Path> paths) {
      inputs.addAll(paths);
      return this;
    }

    /**
     * Lines held in memory instead of files, for tests: they travel with the job to every worker
     * and are mapped as {@link TextLines} maps a file (the key is the line's index). They may be
     * combined with file inputs. Meant for small inputs: each map task's share rides in the job.
     */
    public Builder inputLines(List<String> lines) {
      for (String line : lines) {
        Objects.requireNonNull(line, "an input line is null");
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
          // A file of these lines would read differently: refuse rather than map it otherwise.
          throw new InvalidJobException(
              "input line "
                  + inputLines.size()
                  + " holds a line break ('\\n' or '\\r'); give each line on its own");
        }
        inputLines.add(line);
      }
      return this;
    }

    /**
     * How input files become records (default {@link TextLines}: byte offset and line, gzip read
     * whole). The mapper's input types are the format's.
     */
    public Builder inputFormat(Class<? extends InputFormat<?, ?>> type) {
      this.inputFormat = type;
      return this;
    }

    /** How reduce output is written (default {@link TextOutput}: {@code key<TAB>value} lines). */
    public Builder outputFormat(Class<? extends OutputFormat<?, ?>> type) {
      this.outputFormat = type;
      return this;
    }

    /** A directory that must not exist or must be empty. */
    public Builder output(Path dir) {
      this.output = dir;
      return this;
    }

    /** Whether an output was set: a {@link Pipeline} assigns its stages' outputs itself. */
    boolean hasOutput() {
      return output != null;
    }

    public Builder mapper(Class<? extends Mapper<?, ?, ?, ?>> type) {
      this.mapper = type;
      return this;
    }

    public Builder reducer(Class<? extends Reducer<?, ?, ?, ?>> type) {
      this.reducer = type;
      return this;
    }

    public Builder combiner(Class<? extends Reducer<?, ?, ?, ?>> type) {
      this.combiner = type;
      return this;
    }

    public Builder partitioner(Class<? extends Partitioner<?>> type) {
      this.partitioner = type;
      return this;
    }

    /**
     * Codecs for the map output key and value (default: {@link StringCodec} for both). The key
     * codec must be a {@link KeyCodec} unless the job names a {@link #keyOrder}. {@link #build()}
     * refuses codecs whose declared type cannot be what the mapper emits or the reducer takes; when
     * a declaration does not tell (a generic mapper, say), a record of the wrong class fails its
     * attempt with a message that names this setting.
     *
     * @param keyCodecType the key codec's class, e.g. {@code StringCodec.class}
     * @param valueCodecType the value codec's class, e.g. {@code LongCodec.class}
     * @return this builder
     */
    public Builder mapOutput(
        Class<? extends Codec<?>> keyCodecType, Class<? extends Codec<?>> valueCodecType) {
      this.keyCodec = keyCodecType;
      this.valueCodec = valueCodecType;
      return this;
    }

    /** The order of keys within each reduce task (default: the key codec's natural order). */
    public Builder keyOrder(Class<? extends Comparator<?>> type) {
      this.keyOrder = type;
      return this;
    }

    public Builder reduceTasks(int r) {
      this.reduceTasks = r;
      return this;
    }

    public Builder splitSize(long bytes) {
      this.splitSize = bytes;
      return this;
    }

    /** Bytes of map output a map task holds in memory before it spills to disk. */
    public Builder sortBufferBytes(long bytes) {
      this.sortBufferBytes = bytes;
      return this;
    }

    /** How many failed attempts a task may have before the job fails (default 3). */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** Backup attempts for slow tasks near the end of a phase (default on). */
    public Builder speculative(boolean on) {
      this.speculative = on;
      return this;
    }

    /** How long the job waits for a live worker before failing (default 120 s). */
    public Builder noWorkerTimeout(Duration timeout) {
      this.noWorkerTimeout = timeout;
      return this;
    }

    /**
     * How long an attempt may run without progress (records read or written, or an explicit {@link
     * Emitter#progress()}) before it is killed and counted as failed (default 10 min). A slow task
     * that makes progress is never killed.
     */
    public Builder taskTimeout(Duration timeout) {
      this.taskTimeout = timeout;
      return this;
    }

    /**
     * How many sorted runs a reduce merges at once (default 64): with more map outputs it merges in
     * passes, so its memory and open files stay bounded whatever the number of maps.
     */
    public Builder mergeFactor(int runs) {
      this.mergeFactor = runs;
      return this;
    }

    /**
     * Skips input records the mapper fails on, as the MapReduce paper's section 3.6 does for
     * records that crash a deterministic bug: when a map attempt throws while mapping a record, the
     * next attempt of that task leaves the record out, counts it ({@link Counters#SKIPPED_RECORDS})
     * and names it in {@link JobResult#skippedRecords()} and in {@code _SUCCESS}. Such a failure
     * does not count toward {@link #maxAttempts}: the record was at fault, not the task. Once
     * {@code maxSkippedRecords} records are skipped in the job, a further bad record fails attempts
     * as usual (and the job, after {@code maxAttempts}). Off (0) by default: silently losing input
     * is a choice a job makes.
     */
    public Builder skipBadRecords(long maxSkippedRecords) {
      this.maxSkippedRecords = maxSkippedRecords;
      return this;
    }

    /** A user setting, visible to tasks through {@link TaskInfo#configuration()}. */
    public Builder set(String key, String value) {
      configuration.put(key, value);
      return this;
    }

    public Job build() {
      if (inputs.isEmpty() && inputLines.isEmpty()) {
        throw new InvalidJobException("Job '" + name + "' has no input paths");
      }
      if (output == null) {
        throw new InvalidJobException("Job '" + name + "' has no output directory");
      }
      if (mapper == null || reducer == null) {
        throw new InvalidJobException("Job '" + name + "' needs both a mapper and a reducer");
      }
      if (reduceTasks < 1) {
        throw new InvalidJobException(
            "The number of reduce tasks must be at least 1, got " + reduceTasks);
      }
      if (splitSize < 1) {
        throw new InvalidJobException("The split size must be at least 1 byte, got " + splitSize);
      }
      if (sortBufferBytes < 1024) {
        throw new InvalidJobException(
            "The sort buffer must be at least 1024 bytes, got " + sortBufferBytes);
      }
      if (maxAttempts < 1) {
        throw new InvalidJobException("maxAttempts must be at least 1, got " + maxAttempts);
      }
      if (maxSkippedRecords < 0) {
        throw new InvalidJobException(
            "maxSkippedRecords must be 0 (off) or more, got " + maxSkippedRecords);
      }
      if (mergeFactor < 2) {
        throw new InvalidJobException("mergeFactor must be at least 2, got " + mergeFactor);
      }
      if (taskTimeout.isNegative() || taskTimeout.isZero()) {
        throw new InvalidJobException("taskTimeout must be positive, got " + taskTimeout);
      }
      // Fail here, in the caller's thread, rather than on every worker. Every class is checked
      // (type, public no-arg constructor) before any is created: the setters' generic bounds can
      // be bypassed with raw types, and creating a class runs its code.
      Object[][] slots = {
        {"mapper", mapper, Mapper.class},
        {"reducer", reducer, Reducer.class},
        {"combiner", combiner, Reducer.class},
        {"partitioner", partitioner, Partitioner.class},
        {"key codec", keyCodec, Codec.class},
        {"value codec", valueCodec, Codec.class},
        {"key order", keyOrder, Comparator.class},
        {"input format", inputFormat, InputFormat.class},
        {"output format", outputFormat, OutputFormat.class}
      };
      for (Object[] slot : slots) {
        if (slot[1] != null) {
          Instances.checkCreatable((Class<?>) slot[1], (Class<?>) slot[2], (String) slot[0]);
        }
      }
      for (Object[] slot : slots) {
        if (slot[1] != null) {
          Instances.create((Class<?>) slot[1], (String) slot[0]);
        }
      }
      MapOutputTypes.check(name, mapper, reducer, combiner, keyCodec, valueCodec, keyOrder != null);
      MapOutputTypes.checkInput(name, mapper, inputFormat, !inputLines.isEmpty());
      return new Job(this);
    }
  }
}
