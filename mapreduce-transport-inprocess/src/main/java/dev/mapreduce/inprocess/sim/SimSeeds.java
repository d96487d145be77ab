package dev.mapreduce.inprocess.sim;

import java.util.Random;

/**
 * Independent random streams derived from one run's seed, one per source of chance, so that a
 * change in how one of them is used (a plan with one more fault, a message more or less) does not
 * reshuffle the others: the same seed keeps the same task durations even if the network draws more,
 * and the same plan even if scheduling changes.
 */
public enum SimSeeds {
  /** Tie-breaks between events due at the same moment, and worker start-up jitter. */
  SCHEDULING,
  /** Message latency, loss, duplication and delay. */
  NETWORK,
  /** How long each task body takes. */
  DURATIONS,
  /** The random fault plan of a sweep seed. */
  FAULTS;

  /** This stream of {@code seed}: a fresh generator, the same for the same seed. */
  public Random of(long seed) {
    return new Random(mix(seed * 31 + ordinal() + 1));
  }

  /** SplitMix64's finaliser: nearby seeds and streams give unrelated generator states. */
  private static long mix(long z) {
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
