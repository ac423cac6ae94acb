package dev.signet.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads a duration written as a number and a unit ({@code 30s}, {@code 15m}, {@code 12h},
 * {@code 7d}) or in ISO-8601 ({@code PT15M}). Anything else is a usage error (exit 2) naming the
 * value and the accepted forms.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})(s|m|h|d)");

  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d == null) {
      throw new CommandLine.TypeConversionException(
          "bad duration '" + Main.oneLine(value) + "': use a number and a unit s, m, h or d (e.g. 15m, 12h) or ISO-8601 (PT15M)");
    }
    return d;
  }

  static Duration parse(String value) {
    if (value == null) {
      return null;
    }
    Matcher m = SHORT.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        default:
          return Duration.ofDays(n);
      }
    }
    if (value.length() <= 32 && (value.startsWith("P") || value.startsWith("p"))) {
      try {
        Duration d = Duration.parse(value);
        return d.isNegative() ? null : d;
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }
}
