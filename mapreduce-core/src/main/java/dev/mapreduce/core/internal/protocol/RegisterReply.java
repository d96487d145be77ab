package dev.mapreduce.core.internal.protocol;

import java.util.Map;

/**
 * The coordinator's answer to a registration.
 *
 * @param accepted false once the job is over (the worker should stop)
 * @param job the job as {@link dev.mapreduce.core.api.Job#toDescriptor()} strings
 * @param heartbeatIntervalMillis how often the worker must heartbeat
 */
public record RegisterReply(
    boolean accepted, Map<String, String> job, long heartbeatIntervalMillis) {
  public RegisterReply {
    job = Map.copyOf(job);
  }
}
