package dev.mapreduce.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses sizes such as {@code 65536}, {@code 64k}, {@code 32MB}, {@code 1g}. */
final class SizeConverter implements ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith("b")) {
      v = v.substring(0, v.length() - 1);
    }
    long unit = 1;
    if (v.endsWith("k")) {
      unit = 1L << 10;
    } else if (v.endsWith("m")) {
      unit = 1L << 20;
    } else if (v.endsWith("g")) {
      unit = 1L << 30;
    }
    if (unit != 1) {
      v = v.substring(0, v.length() - 1);
    }
    try {
      return Long.parseLong(v.trim()) * unit;
    } catch (NumberFormatException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a size (examples: 65536, 64k, 32MB)");
    }
  }
}
