/**
 * How a job reads its input and writes its output: {@link dev.mapreduce.core.format.InputFormat}
 * turns files into splits and records ({@link dev.mapreduce.core.format.TextLines} by default,
 * {@link dev.mapreduce.core.format.KeyValueLines} for an earlier job's output, {@link
 * dev.mapreduce.core.format.WholeFiles}), {@link dev.mapreduce.core.format.OutputFormat} writes a
 * reduce task's records ({@link dev.mapreduce.core.format.TextOutput} by default, gzip on request).
 * Formats are named by class, like every other piece of a job, so that remote workers create them
 * too.
 */
package dev.mapreduce.core.format;
