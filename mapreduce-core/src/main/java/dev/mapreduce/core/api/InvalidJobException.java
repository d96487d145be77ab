package dev.mapreduce.core.api;

/** A job that cannot run as specified: bad input path, output not empty, R &lt; 1 and so on. */
public class InvalidJobException extends IllegalArgumentException {
  public InvalidJobException(String message) {
    super(message);
  }

  public InvalidJobException(String message, Throwable cause) {
    super(message, cause);
  }
}
