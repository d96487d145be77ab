package dev.mapreduce.inprocess.sim;

import dev.mapreduce.inprocess.Delivery;
import dev.mapreduce.inprocess.InProcessNetwork;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Carries calls across the simulated network: each request and each reply takes a few virtual
 * milliseconds and may, as the {@link FaultPlan} says, be lost, duplicated, delayed past later
 * messages, or cut by a partition.
 */
final class SimDelivery implements Delivery {
  private final SimulatedWorld world;
  private final Random random;
  private final MessageFaults faults;
  private final List<Fault.Partition> partitions;

  /** {@code random} is the run's network stream (see {@link SimSeeds#NETWORK}). */
  SimDelivery(
      SimulatedWorld world, Random random, MessageFaults faults, List<Fault.Partition> partitions) {
    this.world = world;
    this.random = random;
    this.faults = faults;
    this.partitions = partitions;
  }

  @Override
  public <T> CompletableFuture<T> deliver(
      String from, String to, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (lost(from, to)) {
      return result; // never answered: the caller's timeout handles it
    }
    world.at(
        latency(),
        () -> {
          CompletableFuture<T> reply;
          try {
            reply = call.get();
          } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
          }
          reply.whenComplete(
              (value, error) -> {
                if (lost(to, from)) {
                  return;
                }
                world.at(
                    latency(),
                    () -> {
                      if (error != null) {
                        result.completeExceptionally(error);
                      } else {
                        result.complete(value);
                      }
                    });
              });
          if (random.nextDouble() < faults.duplicate()) {
            world.at(latency(), call::get); // the copy's reply goes nowhere
          }
        });
    return result;
  }

  private long latency() {
    long base = 1 + random.nextInt(5);
    if (faults.maxDelayMillis() > 0 && random.nextDouble() < faults.delay()) {
      base += random.nextInt((int) Math.min(Integer.MAX_VALUE, faults.maxDelayMillis()));
    }
    return base;
  }

  private boolean lost(String from, String to) {
    if (faults.drop() > 0 && random.nextDouble() < faults.drop()) {
      return true;
    }
    long now = world.nowMillis();
    for (Fault.Partition p : partitions) {
      if (now < p.fromMillis() || now >= p.untilMillis()) {
        continue;
      }
      boolean involves = p.worker().equals(from) || p.worker().equals(to);
      if (!involves) {
        continue;
      }
      boolean withCoordinator =
          from.equals(InProcessNetwork.COORDINATOR) || to.equals(InProcessNetwork.COORDINATOR);
      if (withCoordinator ? p.fromCoordinator() : p.fromPeers()) {
        return true;
      }
    }
    return false;
  }
}
