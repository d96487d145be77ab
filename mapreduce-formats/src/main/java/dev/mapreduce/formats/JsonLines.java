package dev.mapreduce.formats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.mapreduce.core.format.InputFormat;
import dev.mapreduce.core.format.RecordReader;
import dev.mapreduce.core.format.Split;
import dev.mapreduce.core.format.TextLines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines (also called NDJSON): one JSON object per line of UTF-8 text. Lines are found exactly
 * as {@link TextLines} finds them, so plain files are split at any byte like text, and a file named
 * {@code *.gz} is gzip-compressed and read whole; other compressions are refused before the job
 * starts. Lines that are empty or only white space are skipped.
 *
 * <p>The key is the byte offset where the line starts (in the uncompressed text). The value is the
 * object as an unmodifiable map, in the order of the line, holding JDK types only: {@code String};
 * {@code Integer}, {@code Long} or {@code BigInteger} for an integer, whichever is the smallest
 * that holds it; {@code Double} for a number with a fraction or exponent; {@code Boolean}; {@code
 * null}; an unmodifiable {@code List} for an array and an unmodifiable {@code Map<String, Object>}
 * for a nested object. When a key appears twice in one object, the last value counts.
 *
 * <p>A line that is not one JSON object (invalid JSON, an array or a number, or text after the
 * object) fails the map task with an {@link IOException} naming the file, the line's byte offset
 * and the start of the line.
 */
public final class JsonLines implements InputFormat<Long, Map<String, Object>> {
  /** How much of a bad line an error message quotes. */
  private static final int EXCERPT_CHARS = 60;

  private static final JsonFactory FACTORY = new JsonFactory();

  private final TextLines lines = new TextLines();

  @Override
  public boolean splittable(Path file) {
    return lines.splittable(file);
  }

  @Override
  public void check(Path file) throws IOException {
    lines.check(file);
  }

  @Override
  public RecordReader<Long, Map<String, Object>> open(Split split) throws IOException {
    return new Objects(split.file(), lines.open(split));
  }

  private static final class Objects implements RecordReader<Long, Map<String, Object>> {
    private final Path file;
    private final RecordReader<Long, String> lines;
    private Map<String, Object> object;

    Objects(Path file, RecordReader<Long, String> lines) {
      this.file = file;
      this.lines = lines;
    }

    @Override
    public boolean next() throws IOException {
      while (lines.next()) {
        String line = lines.value();
        if (!line.isBlank()) {
          object = parse(line);
          return true;
        }
      }
      return false;
    }

    private Map<String, Object> parse(String line) throws IOException {
      try (JsonParser parser = FACTORY.createParser(line)) {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
          throw bad("not a JSON object", line, null);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) read(parser, first);
        if (parser.nextToken() != null) {
          throw bad("text after the JSON object", line, null);
        }
        return map;
      } catch (JsonProcessingException e) {
        throw bad("invalid JSON (" + e.getOriginalMessage() + ")", line, e);
      }
    }

    /** The value that starts at {@code token}, in JDK types. */
    private static Object read(JsonParser parser, JsonToken token) throws IOException {
      if (token == null) {
        throw unexpected(parser);
      }
      switch (token) {
        case START_OBJECT:
          {
            Map<String, Object> map = new LinkedHashMap<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; ) {
              if (t != JsonToken.FIELD_NAME) {
                throw unexpected(parser);
              }
              String name = parser.currentName();
              map.put(name, read(parser, parser.nextToken()));
              t = parser.nextToken();
            }
            return Collections.unmodifiableMap(map);
          }
        case START_ARRAY:
          {
            List<Object> list = new ArrayList<>();
            for (JsonToken t = parser.nextToken();
                t != JsonToken.END_ARRAY;
                t = parser.nextToken()) {
              list.add(read(parser, t));
            }
            return Collections.unmodifiableList(list);
          }
        case VALUE_STRING:
          return parser.getText();
        case VALUE_NUMBER_INT:
        case VALUE_NUMBER_FLOAT:
          return parser.getNumberValue();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        default:
          throw unexpected(parser);
      }
    }

    private IOException bad(String what, String line, Exception cause) {
      return new IOException(
          "bad JSON Lines input in "
              + file
              + " at byte offset "
              + lines.key()
              + ": "
              + what
              + ": "
              + excerpt(line),
          cause);
    }

    @Override
    public Long key() {
      return lines.key();
    }

    @Override
    public Map<String, Object> value() {
      return object;
    }

    @Override
    public long bytesRead() {
      return lines.bytesRead();
    }

    @Override
    public void close() throws IOException {
      lines.close();
    }
  }

  /** The start of a line for a message, cut at a character boundary. */
  static String excerpt(String line) {
    if (line.length() <= EXCERPT_CHARS) {
      return line;
    }
    int end = EXCERPT_CHARS;
    if (Character.isHighSurrogate(line.charAt(end - 1))) {
      end--;
    }
    return line.substring(0, end) + "...";
  }

  /** A token where the structure cannot have it (the parser normally reports these itself). */
  private static JsonParseException unexpected(JsonParser parser) {
    return new JsonParseException(parser, "unexpected token " + parser.currentToken());
  }
}
