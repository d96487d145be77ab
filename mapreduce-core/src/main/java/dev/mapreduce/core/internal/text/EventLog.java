package dev.mapreduce.core.internal.text;

import dev.mapreduce.core.events.EventSink;
import dev.mapreduce.core.events.JobEvent;
import org.slf4j.Logger;

/**
 * How the coordinator and the workers publish an event: logged at the level its type gives, then
 * handed to the user's sink, whose failure is logged and never reaches the component (a sink that
 * throws on JobCommitted must not turn a committed job into a failed one, or stop a worker).
 */
public final class EventLog {
  private EventLog() {}

  public static void publish(Logger log, EventSink sink, long timeMillis, String node, JobEvent e) {
    switch (e.level()) {
      case DEBUG -> log.debug(e.describe());
      case INFO -> log.info(e.describe());
      case WARN -> log.warn(e.describe());
      case ERROR -> log.error(e.describe());
    }
    try {
      sink.event(timeMillis, node, e);
    } catch (RuntimeException sinkFailure) {
      log.warn("{}: the event sink failed on {}: {}", node, e.describe(), sinkFailure.toString());
    }
  }
}
