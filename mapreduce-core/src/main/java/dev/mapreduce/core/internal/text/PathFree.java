package dev.mapreduce.core.internal.text;

import dev.mapreduce.core.api.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Error text with the job's own directories named instead of spelled out ({@code OUTPUT/...},
 * {@code INPUT/...}): events and traces carry no absolute paths, so a simulated run's trace is the
 * same in any temporary directory, and a message stays short. Only whole absolute paths are
 * replaced (a directory {@code /data/out} leaves {@code /data/output-old} and the word "timeout"
 * alone), longest first, so an input inside the output directory keeps its own name. An input given
 * as a file is named by its directory, so the file's own name stays in the message.
 */
public final class PathFree {
  private PathFree() {}

  public static String of(String text, Job job) {
    List<Map.Entry<Path, String>> dirs = new ArrayList<>();
    dirs.add(Map.entry(job.output(), "OUTPUT"));
    // An input that is a file is named by its directory, so the message keeps the file's name
    // ("INPUT/bad.csv", not "INPUT") and the user can tell which file it was.
    job.inputs()
        .forEach(
            in ->
                dirs.add(
                    Map.entry(
                        Files.isRegularFile(in) && in.toAbsolutePath().getParent() != null
                            ? in.toAbsolutePath().getParent()
                            : in,
                        "INPUT")));
    dirs.sort(
        Comparator.comparingInt((Map.Entry<Path, String> e) -> absolute(e.getKey()).length())
            .reversed());
    String out = text;
    for (Map.Entry<Path, String> d : dirs) {
      out = replace(out, d.getKey(), d.getValue());
    }
    return out;
  }

  /** Replaces whole occurrences of {@code dir}'s absolute form, and of paths under it. */
  public static String replace(String text, Path dir, String name) {
    String abs = absolute(dir);
    if (abs.length() <= 1) {
      return text; // the root would match every separator
    }
    Pattern whole =
        Pattern.compile("(?<![\\w./\\\\-])" + Pattern.quote(abs) + "(?=$|[/\\\\\\s\"':,;)\\]])");
    return whole.matcher(text).replaceAll(Matcher.quoteReplacement(name));
  }

  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }
}
