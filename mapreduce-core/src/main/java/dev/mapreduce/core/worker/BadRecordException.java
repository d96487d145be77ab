package dev.mapreduce.core.worker;

import dev.mapreduce.core.internal.protocol.BadRecord;

/** The mapper threw while mapping one record; the cause is what it threw. */
final class BadRecordException extends Exception {
  private static final long serialVersionUID = 1L;

  final transient BadRecord record;

  BadRecordException(BadRecord record, Throwable cause) {
    super("failed on " + record.description() + ": " + cause, cause);
    this.record = record;
  }
}
