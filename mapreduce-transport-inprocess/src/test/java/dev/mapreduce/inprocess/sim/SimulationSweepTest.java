package dev.mapreduce.inprocess.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many seeds, each with the random fault plan it draws (see {@link FaultPlan#random}), every run
 * watched by the {@link InvariantChecker}. A run must break no invariant, must not hang, and must
 * end as its plan's {@link Outlook} allows: commit unless the plan can make success impossible, and
 * then fail only for a reason the plan explains.
 *
 * <p>By default 1,000 seeds. {@code -Dsim.seeds=10000} runs that many instead (and prints the
 * figures); {@code -Dsim.seed=S} reruns seed S alone; {@code -Dsim.dir=D} puts the runs' files
 * under D (default: {@code /dev/shm} where it exists).
 */
class SimulationSweepTest {
  @TempDir Path dir;

  @Test
  @DisabledIfSystemProperty(named = "sim.seeds", matches = ".+")
  void randomFaultsBreakNoInvariantNeverHangAndFailOnlyWhereThePlanMustFail() throws IOException {
    // The mapreduce.sim.* names are the ones an earlier sweep (and the README) used.
    String one = System.getProperty("sim.seed", System.getProperty("mapreduce.sim.seed", ""));
    List<Long> seeds =
        one.isBlank()
            ? range(Integer.getInteger("mapreduce.sim.seeds", 1_000))
            : List.of(Long.parseLong(one));
    try (Sweep sweep = new Sweep(dir)) {
      sweep.run(seeds);
      System.out.print(sweep.summary());
      assertThat(sweep.findings).as(sweep.firstFindings(3)).isEmpty();
      if (seeds.size() > 1) {
        // Most plans heal; if hardly any job commits, the generator or the engine has gone wrong.
        assertThat(sweep.committed).isGreaterThan(seeds.size() * 8 / 10);
        assertThat(sweep.failedAsPlanned)
            .as("some plans must exercise the failure path")
            .isPositive();
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "sim.seeds", matches = "[0-9]+")
  void onRequestSweep() throws IOException {
    try (Sweep sweep = new Sweep(dir)) {
      sweep.run(range(Integer.parseInt(System.getProperty("sim.seeds"))));
      System.out.print(sweep.summary());
      if (!sweep.findings.isEmpty()) {
        System.out.println(sweep.headlines());
        System.out.println(sweep.firstFindings(10));
      }
      assertThat(sweep.findings).as(sweep.firstFindings(3)).isEmpty();
    }
  }

  private static List<Long> range(int n) {
    return LongStream.rangeClosed(1, n).boxed().toList();
  }
}
