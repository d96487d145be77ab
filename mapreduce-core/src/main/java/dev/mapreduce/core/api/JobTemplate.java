package dev.mapreduce.core.api;

/**
 * A named, reusable job: the command line's {@code --job com.example.MyJob} names a class that
 * implements this (public no-arg constructor) and fills in everything but inputs and output.
 */
public interface JobTemplate {
  /** Sets mapper, reducer and the rest on a builder whose name, inputs and output are set. */
  Job.Builder configure(Job.Builder builder);
}
