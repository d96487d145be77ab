package dev.mapreduce.inprocess.sim;

import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.LongCodec;
import dev.mapreduce.core.api.StringCodec;
import dev.mapreduce.inprocess.TestJobs.Sum;
import dev.mapreduce.inprocess.TestJobs.Words;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** A small word count job, its input, and the sequential reference the simulations compare with. */
final class SimJobs {
  private SimJobs() {}

  /** Writes {@code files} files of random words from a small vocabulary. */
  static Path writeInput(Path dir, int files, int linesPerFile) throws IOException {
    Path in = dir.resolve("input");
    Files.createDirectories(in);
    Random r = new Random(99);
    for (int f = 0; f < files; f++) {
      StringBuilder b = new StringBuilder();
      for (int l = 0; l < linesPerFile; l++) {
        int n = 1 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
          b.append("w").append(r.nextInt(60)).append(i + 1 < n ? " " : "\n");
        }
      }
      Files.writeString(in.resolve("f" + f + ".txt"), b);
    }
    return in;
  }

  static Job job(Path input, Path output) {
    return Job.builder("sim-wordcount")
        .input(input)
        .output(output)
        .mapper(Words.class)
        .combiner(Sum.class)
        .reducer(Sum.class)
        .mapOutput(StringCodec.class, LongCodec.class)
        .reduceTasks(3)
        .splitSize(1024)
        .build();
  }

  /** Counts words by reading every file whole, independently of the engine. */
  static Map<String, Long> reference(Path input) throws IOException {
    Map<String, Long> m = new TreeMap<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(input)) {
      for (Path f : s) {
        for (String w : Files.readString(f).split("\\s+")) {
          if (!w.isEmpty()) {
            m.merge(w, 1L, Long::sum);
          }
        }
      }
    }
    return m;
  }

  /** The committed output as a map; fails on a duplicated key. */
  static Map<String, Long> output(Path out) throws IOException {
    Map<String, Long> m = new TreeMap<>();
    List<Path> parts = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(out, "part-r-*")) {
      s.forEach(parts::add);
    }
    for (Path p : parts) {
      for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
        String[] kv = line.split("\t");
        if (m.put(kv[0], Long.parseLong(kv[1])) != null) {
          throw new AssertionError("duplicate key " + kv[0] + " in " + out);
        }
      }
    }
    return m;
  }
}
