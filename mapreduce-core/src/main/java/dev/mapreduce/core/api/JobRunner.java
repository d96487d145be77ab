package dev.mapreduce.core.api;

/**
 * Something that runs a job to its end: an embedded cluster, a simulation, a client of a remote
 * coordinator. {@link Pipeline} takes one so that it does not depend on a transport (the core never
 * imports one) and so that every stage of a pipeline runs on the same cluster.
 */
@FunctionalInterface
public interface JobRunner {
  /**
   * Runs {@code job} and returns how it ended. A job that cannot even start (a missing input, an
   * output that is not empty) is refused with an {@link InvalidJobException} before anything runs.
   *
   * @param job the job to run
   * @return how the job ended, successful or not
   */
  JobResult run(Job job);
}
