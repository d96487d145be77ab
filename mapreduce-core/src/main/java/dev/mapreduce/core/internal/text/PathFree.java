package dev.mapreduce.core.internal.text;

import dev.mapreduce.core.api.Job;
import java.nio.file.Path;

/**
 * Error text with the job's own directories named instead of spelled out ({@code OUTPUT/...},
 * {@code INPUT/...}): events and traces carry no absolute paths, so a simulated run's trace is the
 * same in any temporary directory, and a message stays short.
 */
public final class PathFree {
  private PathFree() {}

  public static String of(String text, Job job) {
    String out = replace(text, job.output(), "OUTPUT");
    for (Path in : job.inputs()) {
      out = replace(out, in, "INPUT");
    }
    return out;
  }

  public static String replace(String text, Path dir, String name) {
    String abs = dir.toAbsolutePath().normalize().toString();
    String out = text.replace(abs, name);
    String given = dir.toString();
    return given.isEmpty() || given.equals(".") ? out : out.replace(given, name);
  }
}
