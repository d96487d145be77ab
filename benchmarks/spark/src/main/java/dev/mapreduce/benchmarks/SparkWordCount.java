package dev.mapreduce.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

/**
 * Word count on Spark's RDD API with a local master (driver and executor threads in this JVM):
 * {@code textFile -> flatMap(words) -> mapToPair(word, 1) -> reduceByKey(+, REDUCERS) -> saveAsTextFile},
 * lines {@code word<TAB>count}. The time includes starting the SparkContext.
 *
 * <pre>java @spark/jvm.options -cp 'benchmarks-spark.jar:lib/*' dev.mapreduce.benchmarks.SparkWordCount \
 *     INPUT_DIR OUTPUT_DIR [REDUCERS=2] [MASTER=local[2]] [TMP_DIR]</pre>
 */
public final class SparkWordCount {
  private SparkWordCount() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 5) {
      System.err.println("usage: SparkWordCount INPUT_DIR OUTPUT_DIR [REDUCERS] [MASTER] [TMP_DIR]");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    int reducers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    String master = args.length > 3 ? args[3] : "local[2]";
    String tmp = args.length > 4 ? args[4] : System.getProperty("java.io.tmpdir") + "/spark-wordcount";

    SparkConf conf = new SparkConf()
        .setAppName("wordcount")
        .setMaster(master)
        .set("spark.ui.enabled", "false")
        .set("spark.ui.showConsoleProgress", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.local.dir", Path.of(tmp).toAbsolutePath().toString());
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.textFile(Path.of(args[0]).toAbsolutePath().toUri().toString())
          .flatMap(line -> {
            List<String> words = new ArrayList<>();
            Words.each(line, words::add);
            return words.iterator();
          })
          .mapToPair(w -> new Tuple2<>(w, 1L))
          .reduceByKey(Long::sum, reducers)
          .map(t -> t._1() + "\t" + t._2())
          .saveAsTextFile(Path.of(args[1]).toAbsolutePath().toUri().toString());
    }
    System.err.printf("spark: SUCCEEDED elapsed_s=%.3f%n", (System.nanoTime() - t0) / 1e9);
  }
}
