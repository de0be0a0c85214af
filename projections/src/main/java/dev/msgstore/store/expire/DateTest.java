package dev.msgstore.store.expire;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.jsieve.Argument;
import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.StringListArgument;
import org.apache.jsieve.TagArgument;
import org.apache.jsieve.comparators.ComparatorUtils;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.AbstractTest;

/**
 * The {@code date} test of RFC 5260 section 4, for jsieve: {@code date [:zone "+hhmm" |
 * :originalzone] [COMPARATOR] [MATCH-TYPE] <header-name> <date-part> <key-list>}, with match types
 * {@code :is}, {@code :contains}, {@code :matches} and {@code :value "gt|ge|lt|le|eq|ne"} (RFC
 * 5231, compared as strings: every date part is zero-padded, so ISO dates sort as they should). A
 * header whose date cannot be read makes the test false (section 4). {@link CurrentDateTest} is the
 * same over the time of the run.
 */
public class DateTest extends AbstractTest {
  private final boolean current;

  public DateTest() {
    this(false);
  }

  DateTest(boolean current) {
    this.current = current;
  }

  /** A parsed invocation: how to match, in which zone, and what. */
  private record Call(
      String comparator,
      String matchType,
      String relation,
      String zone,
      boolean originalZone,
      String header,
      String part,
      List<String> keys) {}

  @Override
  protected void validateArguments(Arguments arguments, SieveContext context)
      throws SieveException {
    call(arguments);
  }

  @Override
  protected boolean executeBasic(MailAdapter mail, Arguments arguments, SieveContext context)
      throws SieveException {
    Call c = call(arguments);
    List<ZonedDateTime> dates = new ArrayList<>();
    if (current) {
      long now = mail instanceof SieveMessage m ? m.now() : System.currentTimeMillis();
      dates.add(java.time.Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC));
    } else {
      for (String v : mail.getHeader(c.header())) {
        try {
          dates.add(
              ZonedDateTime.parse(
                  v.replaceAll("\\s*\\([^)]*\\)\\s*$", "").strip(),
                  DateTimeFormatter.RFC_1123_DATE_TIME));
        } catch (DateTimeParseException e) {
          // not a date: this value does not match (RFC 5260 section 4)
        }
      }
    }
    for (ZonedDateTime d : dates) {
      ZonedDateTime z =
          c.originalZone()
              ? d
              : d.withZoneSameInstant(c.zone() == null ? ZoneOffset.UTC : ZoneOffset.of(c.zone()));
      String value = part(z, c.part());
      for (String key : c.keys()) {
        if (matches(c, value, key, context)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(Call c, String value, String key, SieveContext context)
      throws SieveException {
    if (c.relation() != null) {
      int cmp = value.compareToIgnoreCase(key);
      return switch (c.relation()) {
        case "gt" -> cmp > 0;
        case "ge" -> cmp >= 0;
        case "lt" -> cmp < 0;
        case "le" -> cmp <= 0;
        case "eq" -> cmp == 0;
        default -> cmp != 0;
      };
    }
    return ComparatorUtils.match(c.comparator(), c.matchType(), value, key, context);
  }

  /** The date part of RFC 5260 section 2.4.2. */
  static String part(ZonedDateTime z, String part) {
    return switch (part) {
      case "year" -> String.format(Locale.ROOT, "%04d", z.getYear());
      case "month" -> String.format(Locale.ROOT, "%02d", z.getMonthValue());
      case "day" -> String.format(Locale.ROOT, "%02d", z.getDayOfMonth());
      case "date" -> z.format(DateTimeFormatter.ISO_LOCAL_DATE);
      case "julian" -> Long.toString(z.toLocalDate().toEpochDay() + 40587); // MJD of the epoch
      case "hour" -> String.format(Locale.ROOT, "%02d", z.getHour());
      case "minute" -> String.format(Locale.ROOT, "%02d", z.getMinute());
      case "second" -> String.format(Locale.ROOT, "%02d", z.getSecond());
      case "time" -> z.format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT));
      case "iso8601" -> z.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case "std11" -> z.format(DateTimeFormatter.RFC_1123_DATE_TIME);
      case "zone" -> z.format(DateTimeFormatter.ofPattern("xx", Locale.ROOT));
      case "weekday" -> Integer.toString(z.getDayOfWeek().getValue() % 7);
      default -> throw new IllegalStateException(part);
    };
  }

  private static final List<String> PARTS =
      List.of(
          "year", "month", "day", "date", "julian", "hour", "minute", "second", "time", "iso8601",
          "std11", "zone", "weekday");

  private Call call(Arguments arguments) throws SieveException {
    String comparator = "i;ascii-casemap";
    String matchType = ":is";
    String relation = null;
    String zone = null;
    boolean originalZone = false;
    List<List<String>> strings = new ArrayList<>();
    List<Argument> args = arguments.getArgumentList();
    for (int i = 0; i < args.size(); i++) {
      Argument a = args.get(i);
      if (a instanceof TagArgument t) {
        String tag = t.getTag().toLowerCase(Locale.ROOT);
        switch (tag) {
          case ":is", ":contains", ":matches" -> matchType = tag;
          case ":originalzone" -> originalZone = !current;
          case ":value", ":comparator", ":zone" -> {
            if (i + 1 >= args.size()
                || !(args.get(i + 1) instanceof StringListArgument s)
                || s.getList().size() != 1) {
              throw new SyntaxException(tag + " needs one string after it");
            }
            i++;
            String v = s.getList().get(0);
            switch (tag) {
              case ":value" -> {
                relation = v.toLowerCase(Locale.ROOT);
                if (!List.of("gt", "ge", "lt", "le", "eq", "ne").contains(relation)) {
                  throw new SyntaxException(":value takes gt, ge, lt, le, eq or ne, not " + v);
                }
              }
              case ":comparator" -> comparator = v;
              default -> {
                try {
                  ZoneOffset.of(v);
                } catch (java.time.DateTimeException e) {
                  throw new SyntaxException(":zone takes +hhmm or -hhmm, not " + v);
                }
                zone = v;
              }
            }
          }
          default -> throw new SyntaxException("date: unknown tag " + t.getTag());
        }
      } else if (a instanceof StringListArgument s) {
        strings.add(s.getList());
      } else {
        throw new SyntaxException("date: unexpected argument " + a);
      }
    }
    int want = current ? 2 : 3;
    if (strings.size() != want) {
      throw new SyntaxException(
          (current
              ? "currentdate needs <date-part> <key-list>"
              : "date needs <header-name> <date-part> <key-list>"));
    }
    String header = current ? null : one(strings.get(0), "header-name");
    String part = one(strings.get(want - 2), "date-part").toLowerCase(Locale.ROOT);
    if (!PARTS.contains(part)) {
      throw new SyntaxException(
          "unknown date-part " + part + " (" + String.join(", ", PARTS) + ")");
    }
    return new Call(
        comparator, matchType, relation, zone, originalZone, header, part, strings.get(want - 1));
  }

  private static String one(List<String> list, String what) throws SyntaxException {
    if (list.size() != 1) {
      throw new SyntaxException(what + " must be one string");
    }
    return list.get(0);
  }
}
