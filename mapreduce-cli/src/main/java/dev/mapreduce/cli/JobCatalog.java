package dev.mapreduce.cli;

import dev.mapreduce.core.api.Instances;
import dev.mapreduce.core.api.InvalidJobException;
import dev.mapreduce.core.api.Job;
import dev.mapreduce.core.api.JobTemplate;
import dev.mapreduce.examples.InvertedIndex;
import dev.mapreduce.examples.WordCount;
import java.nio.file.Path;
import java.util.List;

/** Resolves {@code --job}: a built-in name or a {@link JobTemplate} class on the classpath. */
final class JobCatalog {
  private JobCatalog() {}

  static Job.Builder builder(String name, List<Path> inputs, Path output) {
    JobTemplate template =
        switch (name) {
          case "wordcount" -> new WordCount();
          case "indexer" -> new InvertedIndex();
          default -> {
            Class<?> type = Instances.load(name, JobCatalog.class.getClassLoader(), "job");
            if (!JobTemplate.class.isAssignableFrom(type)) {
              throw new InvalidJobException(
                  "--job "
                      + name
                      + " is neither 'wordcount', 'indexer' nor a class implementing "
                      + JobTemplate.class.getName());
            }
            yield (JobTemplate) Instances.create(type, "job");
          }
        };
    String jobName = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : name;
    return template.configure(Job.builder(jobName).inputs(inputs).output(output));
  }
}
