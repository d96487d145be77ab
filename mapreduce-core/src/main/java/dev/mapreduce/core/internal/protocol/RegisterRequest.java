package dev.mapreduce.core.internal.protocol;

/**
 * A worker announcing itself.
 *
 * @param shuffleAddress where reducers fetch its map outputs
 * @param incarnation a number the worker picks anew for each (re)registration, so a duplicated
 *     request is recognised and a restarted worker is not
 */
public record RegisterRequest(String workerId, String shuffleAddress, long incarnation) {}
