package dev.mapreduce.core.internal.protocol;

import dev.mapreduce.core.internal.text.Quoting;
import java.util.regex.Pattern;

/**
 * The grammar of attempt ids, as the coordinator generates them: {@code m-00000-a1}, {@code
 * r-00003-a12} (kind, task index as {@code %05d}, attempt number from 1), optionally behind a
 * job-unique token and a dot: {@code j1a2b3c.m-00000-a1}.
 *
 * <p>Workers name files after attempt ids they receive over the wire, so an id is untrusted input:
 * anything outside this grammar — separators, {@code ..}, drive letters, control characters, absurd
 * lengths — is refused rather than sanitised, because a sanitised id would no longer match the
 * coordinator's bookkeeping.
 */
public final class AttemptIds {
  /**
   * Longer than any valid id (at most 89 characters); checked first so huge input costs nothing.
   */
  public static final int MAX_LENGTH = 100;

  // [0-9] rather than \d so that the grammar stays ASCII whatever flags a later edit adds. Index
  // and attempt number are ints on the coordinator, hence at most 10 digits; attempts start at 1
  // and are printed without leading zeros.
  private static final Pattern GRAMMAR =
      Pattern.compile("(?:[A-Za-z0-9_]{1,64}\\.)?[mr]-[0-9]{5,10}-a[1-9][0-9]{0,9}");

  /** How much of a rejected id an error message repeats. */
  private static final int SHOWN_CHARS = 40;

  private AttemptIds() {}

  public static boolean isValid(String id) {
    return id != null && id.length() <= MAX_LENGTH && GRAMMAR.matcher(id).matches();
  }

  /** Returns {@code id} unchanged if it is valid. */
  public static String requireValid(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException("invalid attempt id " + quote(id));
    }
    return id;
  }

  private static String quote(String s) {
    return Quoting.quote(s, SHOWN_CHARS);
  }
}
