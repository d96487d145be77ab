package dev.mapreduce.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * Word count on Hadoop MapReduce's LocalJobRunner (the whole job in this JVM, map and reduce tasks
 * on thread pools), with the reducer as combiner. Output: {@code part-r-NNNNN}, {@code word<TAB>count}.
 *
 * <pre>java -cp 'benchmarks-hadoop.jar:lib/*' dev.mapreduce.benchmarks.HadoopWordCount \
 *     INPUT_DIR OUTPUT_DIR [REDUCERS=2] [MAP_THREADS=2] [REDUCE_THREADS=2] [TMP_DIR]</pre>
 */
public final class HadoopWordCount {
  private HadoopWordCount() {}

  /** (word, 1) for every word of the line, with the shared tokenizer. */
  public static final class TokenMapper extends Mapper<LongWritable, Text, Text, LongWritable> {
    private final Text word = new Text();
    private final LongWritable one = new LongWritable(1);

    @Override
    protected void map(LongWritable offset, Text line, Context context) throws IOException, InterruptedException {
      try {
        Words.each(line.toString(), w -> {
          word.set(w);
          try {
            context.write(word, one);
          } catch (IOException | InterruptedException e) {
            throw new WriteFailed(e);
          }
        });
      } catch (WriteFailed e) {
        if (e.getCause() instanceof InterruptedException ie) {
          throw ie;
        }
        throw (IOException) e.getCause();
      }
    }
  }

  /** Sums the counts of a word; the combiner and the reducer. */
  public static final class SumReducer extends Reducer<Text, LongWritable, Text, LongWritable> {
    private final LongWritable sum = new LongWritable();

    @Override
    protected void reduce(Text word, Iterable<LongWritable> counts, Context context)
        throws IOException, InterruptedException {
      long s = 0;
      for (LongWritable c : counts) {
        s += c.get();
      }
      sum.set(s);
      context.write(word, sum);
    }
  }

  private static final class WriteFailed extends RuntimeException {
    WriteFailed(Exception cause) {
      super(cause);
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 6) {
      System.err.println("usage: HadoopWordCount INPUT_DIR OUTPUT_DIR [REDUCERS] [MAP_THREADS] [REDUCE_THREADS] [TMP_DIR]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    int reducers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int mapThreads = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    int reduceThreads = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    String tmp = args.length > 5 ? args[5] : System.getProperty("java.io.tmpdir") + "/hadoop-wordcount";

    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", Path.of(tmp).toAbsolutePath().toString());
    conf.setInt("mapreduce.local.map.tasks.maximum", mapThreads);
    conf.setInt("mapreduce.local.reduce.tasks.maximum", reduceThreads);

    Job job = Job.getInstance(conf, "wordcount");
    job.setJarByClass(HadoopWordCount.class);
    job.setMapperClass(TokenMapper.class);
    job.setCombinerClass(SumReducer.class);
    job.setReducerClass(SumReducer.class);
    job.setNumReduceTasks(reducers);
    job.setInputFormatClass(TextInputFormat.class);
    job.setOutputFormatClass(TextOutputFormat.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(LongWritable.class);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(Path.of(args[0]).toAbsolutePath().toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(Path.of(args[1]).toAbsolutePath().toUri()));

    boolean ok = job.waitForCompletion(false);
    System.err.printf("hadoop: %s elapsed_s=%.3f%n", ok ? "SUCCEEDED" : "FAILED", (System.nanoTime() - t0) / 1e9);
    System.exit(ok ? 0 : 1);
  }
}
