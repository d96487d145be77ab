package dev.mapreduce.core.api;

/** Names of the built-in counters found in {@link JobResult#counters()}. */
public final class Counters {
  public static final String MAP_INPUT_RECORDS = "mapreduce.map.input.records";
  public static final String MAP_INPUT_BYTES = "mapreduce.map.input.bytes";
  public static final String MAP_OUTPUT_RECORDS = "mapreduce.map.output.records";
  public static final String MAP_OUTPUT_BYTES = "mapreduce.map.output.bytes";
  public static final String COMBINE_INPUT_RECORDS = "mapreduce.combine.input.records";
  public static final String COMBINE_OUTPUT_RECORDS = "mapreduce.combine.output.records";
  public static final String SPILLS = "mapreduce.map.spills";

  /** Input records a job that skips bad records left out (see Job.Builder#skipBadRecords). */
  public static final String SKIPPED_RECORDS = "mapreduce.map.skipped.records";

  public static final String SHUFFLE_BYTES = "mapreduce.shuffle.bytes";
  public static final String REDUCE_INPUT_GROUPS = "mapreduce.reduce.input.groups";
  public static final String REDUCE_INPUT_RECORDS = "mapreduce.reduce.input.records";
  public static final String REDUCE_OUTPUT_RECORDS = "mapreduce.reduce.output.records";
  public static final String OUTPUT_BYTES = "mapreduce.output.bytes";

  private Counters() {}
}
