package dev.msgstore.commands.cli;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON object per line for {@code --format json}: just enough JSON writing. A record is an
 * object of its components, so a verb's JSON has the field names its result records have in a
 * script ({@code row.mailbox}, {@code entry.meta.actor}).
 */
public final class Json {
  private Json() {}

  /** An ordered object from key, value pairs. */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * Prints a verb's result as JSON lines: each element of a list on a line of its own, anything
   * else (a record, a map) as one line; nothing for null (a verb that kept no result).
   */
  public static void lines(Object result, PrintWriter out) {
    if (result instanceof Collection<?> rows) {
      rows.forEach(r -> out.println(line(r)));
    } else if (result != null) {
      out.println(line(result));
    }
    out.flush();
  }

  /** A record's components by name, in declaration order. */
  public static Map<String, Object> fields(Record r) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        var accessor = c.getAccessor();
        // a record of a package-private type: its accessor is public, its class is not
        accessor.setAccessible(true);
        m.put(c.getName(), accessor.invoke(r));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + r, e);
      }
    }
    return m;
  }

  public static String line(Object v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    switch (v) {
      case null -> sb.append("null");
      case String s -> string(sb, s);
      case Number n -> sb.append(n);
      case Boolean b -> sb.append(b);
      case Enum<?> e -> string(sb, e.name());
      case Optional<?> o -> write(sb, o.orElse(null));
      case Record r -> write(sb, fields(r));
      case Map<?, ?> m -> {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          string(sb, String.valueOf(e.getKey()));
          sb.append(':');
          write(sb, e.getValue());
        }
        sb.append('}');
      }
      case Collection<?> c -> {
        sb.append('[');
        boolean first = true;
        for (Object o : c) {
          if (!first) {
            sb.append(',');
          }
          first = false;
          write(sb, o);
        }
        sb.append(']');
      }
      default -> string(sb, v.toString());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
