package dev.mapreduce.core.api;

import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.OutputFormat;
import dev.mapreduce.core.internal.text.Quoting;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Job} as plain strings, so that it crosses a process boundary: user code travels as class
 * names that the remote worker loads from its own classpath. Parsing trusts nothing: each class is
 * checked against its slot before it is initialized, and a malformed field is an {@link
 * InvalidJobException} that names it.
 */
final class JobDescriptor {
  private static final String CONF = "conf.";
  private static final String INPUT_LINE = "inputLine.";

  private JobDescriptor() {}

  static Map<String, String> of(Job job) {
    Job.Builder b = job.toBuilder();
    Map<String, String> d = new LinkedHashMap<>();
    d.put("name", job.name());
    d.put("inputs", String.join("\n", job.inputs().stream().map(Path::toString).toList()));
    d.put("output", job.output().toString());
    d.put("mapper", b.mapper.getName());
    d.put("reducer", b.reducer.getName());
    if (b.combiner != null) {
      d.put("combiner", b.combiner.getName());
    }
    d.put("partitioner", b.partitioner.getName());
    d.put("keyCodec", b.keyCodec.getName());
    d.put("valueCodec", b.valueCodec.getName());
    if (b.keyOrder != null) {
      d.put("keyOrder", b.keyOrder.getName());
    }
    d.put("inputFormat", b.inputFormat.getName());
    d.put("outputFormat", b.outputFormat.getName());
    List<String> lines = job.inputLines();
    for (int i = 0; i < lines.size(); i++) {
      d.put(INPUT_LINE + i, lines.get(i));
    }
    d.put("reduceTasks", Integer.toString(job.reduceTasks()));
    d.put("splitSize", Long.toString(job.splitSize()));
    d.put("sortBufferBytes", Long.toString(job.sortBufferBytes()));
    d.put("maxAttempts", Integer.toString(job.maxAttempts()));
    d.put("speculative", Boolean.toString(job.speculative()));
    d.put("noWorkerTimeoutMillis", Long.toString(job.noWorkerTimeout().toMillis()));
    d.put("taskTimeoutMillis", Long.toString(job.taskTimeout().toMillis()));
    d.put("mergeFactor", Integer.toString(job.mergeFactor()));
    d.put("maxSkippedRecords", Long.toString(job.maxSkippedRecords()));
    job.configuration().forEach((k, v) -> d.put(CONF + k, v));
    return d;
  }

  static Job parse(Map<String, String> d, ClassLoader loader) {
    Job.Builder b = Job.builder(require(d, "name"));
    for (String in : require(d, "inputs").split("\n")) {
      if (!in.isEmpty()) {
        b.inputs.add(path("inputs", in));
      }
    }
    b.output(path("output", require(d, "output")));
    // Each name is loaded uninitialised and checked against the type its slot needs; build()
    // instantiates nothing before every slot passed.
    b.mapper = Instances.load(require(d, "mapper"), Mapper.class, loader, "mapper");
    b.reducer = Instances.load(require(d, "reducer"), Reducer.class, loader, "reducer");
    if (d.containsKey("combiner")) {
      b.combiner = Instances.load(d.get("combiner"), Reducer.class, loader, "combiner");
    }
    b.partitioner =
        Instances.load(require(d, "partitioner"), Partitioner.class, loader, "partitioner");
    b.keyCodec = Instances.load(require(d, "keyCodec"), Codec.class, loader, "key codec");
    b.valueCodec = Instances.load(require(d, "valueCodec"), Codec.class, loader, "value codec");
    if (d.containsKey("keyOrder")) {
      b.keyOrder = Instances.load(d.get("keyOrder"), Comparator.class, loader, "key order");
    }
    if (d.containsKey("inputFormat")) { // absent from older coordinators' descriptors
      b.inputFormat =
          Instances.load(d.get("inputFormat"), InputFormat.class, loader, "input format");
    }
    if (d.containsKey("outputFormat")) {
      b.outputFormat =
          Instances.load(d.get("outputFormat"), OutputFormat.class, loader, "output format");
    }
    for (int i = 0; d.containsKey(INPUT_LINE + i); i++) {
      b.inputLines.add(d.get(INPUT_LINE + i));
    }
    b.reduceTasks(intNumber(d, "reduceTasks"));
    b.splitSize(number(d, "splitSize"));
    b.sortBufferBytes(number(d, "sortBufferBytes"));
    b.maxAttempts(intNumber(d, "maxAttempts"));
    b.speculative(bool(d, "speculative"));
    b.noWorkerTimeout(Duration.ofMillis(number(d, "noWorkerTimeoutMillis")));
    if (d.containsKey("taskTimeoutMillis")) { // absent from older coordinators' descriptors
      b.taskTimeout(Duration.ofMillis(number(d, "taskTimeoutMillis")));
    }
    if (d.containsKey("mergeFactor")) {
      b.mergeFactor(intNumber(d, "mergeFactor"));
    }
    if (d.containsKey("maxSkippedRecords")) {
      b.skipBadRecords(number(d, "maxSkippedRecords"));
    }
    d.forEach(
        (k, v) -> {
          if (k.startsWith(CONF)) {
            b.set(k.substring(CONF.length()), v);
          }
        });
    return b.build();
  }

  private static String require(Map<String, String> d, String key) {
    String v = d.get(key);
    if (v == null) {
      throw new InvalidJobException("Job descriptor lacks '" + key + "'");
    }
    return v;
  }

  private static long number(Map<String, String> d, String key) {
    String v = require(d, key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidJobException(
          "Job descriptor field '" + key + "' is not a number: " + quote(v));
    }
  }

  /** Refuses what does not fit an int rather than letting a cast wrap it into something valid. */
  private static int intNumber(Map<String, String> d, String key) {
    String v = require(d, key);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new InvalidJobException(
          "Job descriptor field '" + key + "' is not a 32-bit number: " + quote(v));
    }
  }

  private static boolean bool(Map<String, String> d, String key) {
    String v = require(d, key);
    if (!v.equals("true") && !v.equals("false")) {
      throw new InvalidJobException(
          "Job descriptor field '" + key + "' is not true or false: " + quote(v));
    }
    return v.equals("true");
  }

  private static Path path(String key, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new InvalidJobException(
          "Job descriptor field '" + key + "' is not a path: " + quote(value));
    }
  }

  private static String quote(String s) {
    return Quoting.quote(s, 80);
  }
}
