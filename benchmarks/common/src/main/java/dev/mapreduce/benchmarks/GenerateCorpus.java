package dev.mapreduce.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a deterministic text corpus for the word-count benchmarks: {@code --files} files
 * {@code part-NNNNN.txt} of {@code --mb}/{@code --files} MiB each, lines of 5 to 20 words drawn
 * from a Zipf distribution (exponent {@code --zipf}) over a vocabulary of {@code --distinct} words,
 * separated by spaces and punctuation, some capitalized. The same arguments give the same bytes,
 * whatever the number of threads.
 *
 * <p>Vocabulary: the word of rank r is r written in bijective base 350 with syllables ("ba",
 * "ke", ..., "bal", "tor", ...) as digits, so that every rank has its own word, frequent words are
 * short, and 10,000,000 words need no table. A dozen ranks hold words that test the tokenizer:
 * accents, "ß", CJK, a final capital sigma, a dotted capital I, a letter outside the BMP, non-ASCII
 * digits, a ligature, digits in words. Every key is a distinct lower-cased word, so the output has
 * exactly {@code --distinct} lines when every rank occurs; to make sure that rare ranks occur, each
 * file also walks through its share of the ranks, one of them every few words ("sweep"). When the
 * corpus is too small to hold every rank, the generator says so.
 *
 * <p>It also writes {@code _CORPUS} (skipped as input by every system, as names starting with '_'
 * are) with the arguments, so that {@code run.sh} can tell whether a corpus can be reused.
 *
 * <pre>java -cp benchmarks-common.jar dev.mapreduce.benchmarks.GenerateCorpus --out DIR
 *     [--mb 1024] [--files 16] [--distinct 100000] [--zipf 1.0] [--seed 42] [--threads N]</pre>
 */
public final class GenerateCorpus {
  /** Bump when the output for the same arguments changes. */
  static final String FORMAT = "mapreduce-benchmarks-corpus-v1";

  private static final String CONSONANTS = "bdfgklmnprstvz";
  private static final String VOWELS = "aeiou";
  private static final String CODAS = "nrsl";
  private static final byte[][] SYLLABLES = syllables();

  /** Words at fixed ranks (used when rank <= distinct); none of them lower-cases to another's key. */
  private static final Object[][] SPECIAL = {
    {4L, "café"}, {9L, "naïve"}, {17L, "Straße"}, {30L, "東京"}, {55L, "ÉCOLE"}, {90L, "Ωmega"},
    {140L, "İzmir"}, {222L, "ΟΔΟΣ"}, {333L, "\uD835\uDC00lpha"}, {444L, "٣٢١"}, {555L, "ǅungla"},
    {666L, "mp3"}, {777L, "x86"}, {888L, "2024"}, {999L, "ﬁnal"},
  };

  private static final byte[][] SEPARATORS = utf8(
      " ", " ", " ", " ", " ", " ", " ", " ", " ", " ", ", ", ", ", ". ", "; ", ": ", " - ", " (", ") ",
      "'", "/", " \"", "\" ", "\u00A0", " — ", "  ");
  private static final byte[][] LINE_ENDS = utf8(".", ".", ".", "!", "?", "");

  private final long distinct;
  private final Zipf zipf;
  private final Map<Long, byte[]> special = new HashMap<>();

  GenerateCorpus(long distinct, double exponent) {
    this.distinct = distinct;
    this.zipf = new Zipf(distinct, exponent);
    for (Object[] s : SPECIAL) {
      if ((Long) s[0] <= distinct) {
        special.put((Long) s[0], ((String) s[1]).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = null;
    long mb = 1024;
    int files = 16;
    long distinct = 100_000;
    double exponent = 1.0;
    long seed = 42;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-h") || a.equals("--help")) {
        usage(0);
      }
      if (i + 1 >= args.length) {
        usage(2);
      }
      String v = args[++i];
      switch (a) {
        case "--out" -> out = Path.of(v);
        case "--mb" -> mb = Long.parseLong(v);
        case "--files" -> files = Integer.parseInt(v);
        case "--distinct" -> distinct = Long.parseLong(v);
        case "--zipf" -> exponent = Double.parseDouble(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> usage(2);
      }
    }
    if (out == null || mb < 1 || files < 1 || distinct < 1 || exponent <= 0 || threads < 1) {
      usage(2);
    }
    new GenerateCorpus(distinct, exponent).write(out, mb, files, seed, threads, exponent);
  }

  private static void usage(int code) {
    System.err.println("usage: GenerateCorpus --out DIR [--mb 1024] [--files 16] [--distinct 100000]"
        + " [--zipf 1.0] [--seed 42] [--threads N]");
    System.exit(code);
  }

  void write(Path dir, long mb, int files, long seed, int threads, double exponent) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("_CORPUS"));
    long bytesPerFile = mb * 1024 * 1024 / files;
    double tokenBytes = meanTokenBytes(seed);
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, files));
    List<Future<long[]>> results = new ArrayList<>();
    for (int f = 0; f < files; f++) {
      int file = f;
      long lo = 1 + distinct * f / files;
      long hi = 1 + distinct * (f + 1) / files;
      // Sweep one rank every `gap` words, so that the walk ends at about 90% of the file.
      long expectedWords = (long) (bytesPerFile / tokenBytes);
      long gap = Math.max(1, (long) (expectedWords * 0.9 / Math.max(1, hi - lo)));
      results.add(pool.submit(() -> writeFile(
          dir.resolve(String.format("part-%05d.txt", file)), bytesPerFile, new SplittableRandom(seed * 1_000_003L + file),
          lo, hi, gap)));
    }
    pool.shutdown();
    long bytes = 0;
    long words = 0;
    long unswept = 0;
    for (Future<long[]> r : results) {
      long[] x = r.get();
      bytes += x[0];
      words += x[1];
      unswept += x[2];
    }
    String header = String.format("format=%s mb=%d files=%d distinct=%d zipf=%s seed=%d", FORMAT, mb, files, distinct,
        exponent, seed);
    Files.writeString(dir.resolve("_CORPUS"), header + "\nbytes=" + bytes + "\nwords=" + words
        + "\nranks_not_swept=" + unswept + "\n");
    System.err.printf("corpus: %s in %s: %d bytes, %d words, %.1f s%n", header, dir, bytes, words,
        (System.nanoTime() - t0) / 1e9);
    if (unswept > 0) {
      System.err.printf("corpus: too small to hold every rank: %d of %d ranks were not swept"
          + " (they occur only if drawn), so the output has fewer than %d keys%n", unswept, distinct, distinct);
    }
  }

  /** Writes one file; returns {bytes, words, ranks of its share not swept}. */
  private long[] writeFile(Path file, long target, SplittableRandom r, long lo, long hi, long gap) throws IOException {
    long written = 0;
    long words = 0;
    long cursor = lo;
    Bytes line = new Bytes();
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      while (written < target) {
        line.clear();
        int n = 5 + r.nextInt(16);
        for (int i = 0; i < n; i++) {
          long rank;
          if (cursor < hi && words % gap == gap - 1) {
            rank = cursor++;
          } else {
            rank = zipf.sample(r);
          }
          words++;
          int shape = r.nextInt(400);
          // First word of a line: capitalized one time in four; elsewhere 1 in 40; ALL CAPS 1 in 400.
          int casing = shape == 0 ? 2 : (i == 0 ? (shape < 100 ? 1 : 0) : (shape < 10 ? 1 : 0));
          appendWord(line, rank, casing);
          line.append(i + 1 < n ? SEPARATORS[r.nextInt(SEPARATORS.length)] : LINE_ENDS[r.nextInt(LINE_ENDS.length)]);
        }
        line.append((byte) '\n');
        out.write(line.buf, 0, line.len);
        written += line.len;
      }
    }
    return new long[] {written, words, hi - cursor};
  }

  /** casing: 0 as is, 1 capitalized, 2 upper case (ASCII words only; special words keep their form). */
  private void appendWord(Bytes line, long rank, int casing) {
    byte[] s = special.get(rank);
    if (s != null) {
      line.append(s);
      return;
    }
    int start = line.len;
    long n = rank; // bijective base-S numeral: every rank >= 1 gets its own digit string
    while (n > 0) {
      n--;
      line.append(SYLLABLES[(int) (n % SYLLABLES.length)]);
      n /= SYLLABLES.length;
    }
    if (casing == 1) {
      line.buf[start] -= 'a' - 'A';
    } else if (casing == 2) {
      for (int i = start; i < line.len; i++) {
        line.buf[i] -= 'a' - 'A';
      }
    }
  }

  /** Mean bytes per word including its separator, measured on a sample (for the sweep's pace). */
  private double meanTokenBytes(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Bytes b = new Bytes();
    int samples = 200_000;
    for (int i = 0; i < samples; i++) {
      appendWord(b, zipf.sample(r), 0);
      b.append(SEPARATORS[r.nextInt(SEPARATORS.length)]);
      if (b.len > 1 << 16) {
        b.total += b.len;
        b.clear();
      }
    }
    return (b.total + b.len) / (double) samples + 1.0 / 12.5; // + the line end, once per ~12.5 words
  }

  /**
   * Syllables: consonant + vowel, then consonant + vowel + coda. Every syllable has exactly one
   * vowel, preceded by exactly one consonant, so a word splits into syllables in one way only: a
   * syllable starts at each consonant that precedes a vowel. Hence distinct numerals, distinct words.
   */
  private static byte[][] syllables() {
    List<byte[]> s = new ArrayList<>();
    for (char c : CONSONANTS.toCharArray()) {
      for (char v : VOWELS.toCharArray()) {
        s.add(new byte[] {(byte) c, (byte) v});
      }
    }
    for (char c : CONSONANTS.toCharArray()) {
      for (char v : VOWELS.toCharArray()) {
        for (char k : CODAS.toCharArray()) {
          s.add(new byte[] {(byte) c, (byte) v, (byte) k});
        }
      }
    }
    return s.toArray(new byte[0][]);
  }

  private static byte[][] utf8(String... s) {
    byte[][] b = new byte[s.length][];
    for (int i = 0; i < s.length; i++) {
      b[i] = s[i].getBytes(StandardCharsets.UTF_8);
    }
    return b;
  }

  /** A growable byte buffer. */
  private static final class Bytes {
    byte[] buf = new byte[512];
    int len;
    long total;

    void clear() {
      len = 0;
    }

    void append(byte b) {
      if (len == buf.length) {
        buf = java.util.Arrays.copyOf(buf, len * 2);
      }
      buf[len++] = b;
    }

    void append(byte[] b) {
      if (len + b.length > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
      }
      System.arraycopy(b, 0, buf, len, b.length);
      len += b.length;
    }
  }

  /**
   * Zipf sampler over ranks 1..n with P(k) proportional to k^-s, by rejection-inversion
   * (W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from monotone
   * discrete distributions", 1996): constant time per sample and no table, so that a vocabulary
   * of ten million words costs nothing.
   */
  static final class Zipf {
    private final long n;
    private final double s;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double squeeze;

    Zipf(long n, double s) {
      this.n = n;
      this.s = s;
      this.hIntegralX1 = hIntegral(1.5) - 1.0;
      this.hIntegralN = hIntegral(n + 0.5);
      this.squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    long sample(SplittableRandom r) {
      while (true) {
        double u = hIntegralN + r.nextDouble() * (hIntegralX1 - hIntegralN);
        double x = hIntegralInverse(u);
        long k = (long) (x + 0.5);
        if (k < 1) {
          k = 1;
        } else if (k > n) {
          k = n;
        }
        if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
          return k;
        }
      }
    }

    /** h(x) = x^-s. */
    private double h(double x) {
      return Math.exp(-s * Math.log(x));
    }

    /** H(x) = (x^(1-s) - 1) / (1-s), an antiderivative of h; log x when s = 1. */
    private double hIntegral(double x) {
      double logX = Math.log(x);
      return expm1OverX((1 - s) * logX) * logX;
    }

    private double hIntegralInverse(double y) {
      double t = y * (1 - s);
      if (t < -1) {
        t = -1; // rounding guard: H's range is bounded below by -1/(1-s) when s > 1
      }
      return Math.exp(log1pOverX(t) * y);
    }

    private static double log1pOverX(double x) {
      return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
    }

    private static double expm1OverX(double x) {
      return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
    }
  }
}
