package dev.msgstore.store.config;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The value syntaxes of the catalog and how a value is checked against them. A bool is one of
 * {@code yes/no}, {@code true/false}, {@code on/off} or {@code 1/0}, in any case: the reference
 * writes {@code yes}/{@code no}, scripts often write the others.
 */
public enum Syntax {
  STRING,
  INT,
  UINT,
  UINT16,
  TCPPORT,
  FILEPATH,
  BOOL;

  private static final Set<String> TRUE = Set.of("yes", "true", "on", "1");
  private static final Set<String> FALSE = Set.of("no", "false", "off", "0");

  /** The name written in the catalog and shown by {@code -H}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Syntax parse(String label) {
    try {
      return valueOf(label.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown syntax '" + label + "'", e);
    }
  }

  /** Why {@code value} is not of this syntax, or empty if it is. */
  public Optional<String> problem(String value) {
    String v = value.strip();
    return switch (this) {
      case STRING -> Optional.empty();
      case INT -> range(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
      case UINT -> range(v, 0, 0xFFFF_FFFFL, "an unsigned integer");
      case UINT16 -> range(v, 0, 65535, "an integer from 0 to 65535");
      case TCPPORT -> range(v, 1, 65535, "a TCP port (1 to 65535)");
      case FILEPATH ->
          v.startsWith("/") ? Optional.empty() : Optional.of("not an absolute path: '" + v + "'");
      case BOOL ->
          TRUE.contains(v.toLowerCase(Locale.ROOT)) || FALSE.contains(v.toLowerCase(Locale.ROOT))
              ? Optional.empty()
              : Optional.of("not a boolean (yes/no, true/false, on/off, 1/0): '" + v + "'");
    };
  }

  /** Reads a value already checked against {@link #BOOL}. */
  public static boolean isTrue(String value) {
    return TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
  }

  private static Optional<String> range(String v, long min, long max, String what) {
    try {
      long n = Long.parseLong(v);
      if (n >= min && n <= max) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // not a number at all: the same message as out of range
    }
    return Optional.of("not " + what + ": '" + v + "'");
  }
}
