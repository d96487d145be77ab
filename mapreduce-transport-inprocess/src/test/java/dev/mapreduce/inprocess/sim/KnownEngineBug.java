package dev.mapreduce.inprocess.sim;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Engine bugs the sweep found that are reported but not yet fixed (the simulation does not change
 * engine code). A sweep finding that matches one is counted under it rather than failing the build,
 * and every sweep prints how often each still shows up: once the engine is fixed, its count drops
 * to 0 and the entry must be deleted, so that a regression fails the sweep again.
 *
 * <p>Matched against a finding's headline: {@code VIOLATION <invariant> at <t>: <detail>} or {@code
 * UNEXPLAINED FAILURE: <reason>}.
 */
enum KnownEngineBug {
// None known. The three the sweep found first (an unchecked commit failure failing the job,
// absolute paths in a late attempt's error, a lone always-failing worker burning a task's
// attempts) are fixed; their seeds (12, 88, 2212) stay in the 10,000-seed sweep.
;

  private final Pattern headline;

  KnownEngineBug(String headlinePattern) {
    this.headline = Pattern.compile(headlinePattern, Pattern.DOTALL);
  }

  static Optional<KnownEngineBug> of(String headline) {
    return Arrays.stream(values()).filter(b -> b.headline.matcher(headline).matches()).findFirst();
  }

  static String headline(Violation v) {
    return "VIOLATION " + v;
  }

  /** For {@link Simulation.Builder#tolerating}: a violation that is a known bug. */
  static boolean known(Violation v) {
    return of(headline(v)).isPresent();
  }
}
