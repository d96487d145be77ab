package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each source of chance has its own stream of a run's seed. */
class SimSeedsTest {
  private static List<Integer> draws(Random r) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(r.nextInt());
    }
    return out;
  }

  @Test
  void aStreamIsTheSameForTheSameSeedAndDiffersAcrossStreamsAndSeeds() {
    for (SimSeeds s : SimSeeds.values()) {
      assertThat(draws(s.of(42))).isEqualTo(draws(s.of(42))).isNotEqualTo(draws(s.of(43)));
      for (SimSeeds other : SimSeeds.values()) {
        if (other != s) {
          assertThat(draws(s.of(42))).as(s + " vs " + other).isNotEqualTo(draws(other.of(42)));
        }
      }
    }
  }

  /**
   * The plan a sweep seed draws depends on that seed alone, and prints as the Java that rebuilds
   * it.
   */
  @Test
  void aSeedsPlanIsStableAndReadable() {
    List<String> workers = List.of("worker1", "worker2", "worker3");
    for (long seed = 1; seed <= 50; seed++) {
      FaultPlan plan = FaultPlan.random(SimSeeds.FAULTS.of(seed), workers, 6, 3);
      assertThat(FaultPlan.random(SimSeeds.FAULTS.of(seed), workers, 6, 3)).isEqualTo(plan);
      assertThat(plan.toString())
          .startsWith("FaultPlan.of(")
          .doesNotContain("[")
          .doesNotContain("@");
    }
    assertThat(
            FaultPlan.of(new Fault.CrashAtTime("worker1", 5), new Fault.StuckAttempt("m-00001", 2))
                .withMessages(new MessageFaults(0.5, 0.25, 0.125, 10))
                .toString())
        .isEqualTo(
            "FaultPlan.of(new Fault.CrashAtTime(\"worker1\", 5), new Fault.StuckAttempt(\"m-00001\", 2))"
                + ".withMessages(new MessageFaults(0.5, 0.25, 0.125, 10))");
  }
}
