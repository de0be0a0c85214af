package dev.msgstore.services.sched;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * The schedule of {@code local.sched.*} and {@code local.purge.schedule}: the reference's scheduler
 * takes crontab's five fields, {@code minute hour day-of-month month day-of-week}, each {@code *},
 * a number, a range {@code a-b}, a step {@code *}{@code /n} or {@code a-b/n}, or a comma list of
 * those (day-of-week 0-7, 0 and 7 both Sunday). As in cron, when both day fields are restricted a
 * day matching either is taken. Times are the daemon's local time.
 */
public record CronSchedule(
    String text,
    BitSet minutes,
    BitSet hours,
    BitSet days,
    BitSet months,
    BitSet weekdays,
    boolean anyDay,
    boolean anyWeekday) {

  private record Field(String name, int min, int max) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59),
          new Field("hour", 0, 23),
          new Field("day of month", 1, 31),
          new Field("month", 1, 12),
          new Field("day of week", 0, 7));

  /** The five fields; anything wrong is one {@link IllegalArgumentException} naming the field. */
  public static CronSchedule parse(String text) {
    String[] f = text.strip().split("\\s+");
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "'" + text.strip() + "': a schedule is five fields: minute hour day month weekday");
    }
    BitSet[] sets = new BitSet[5];
    for (int i = 0; i < 5; i++) {
      sets[i] = field(FIELDS.get(i), f[i]);
    }
    if (sets[4].get(7)) {
      sets[4].set(0);
    }
    return new CronSchedule(
        String.join(" ", f),
        sets[0],
        sets[1],
        sets[2],
        sets[3],
        sets[4],
        f[2].equals("*"),
        f[4].equals("*"));
  }

  private static BitSet field(Field field, String text) {
    BitSet out = new BitSet(field.max() + 1);
    for (String part : text.split(",", -1)) {
      String range = part;
      int step = 1;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        range = part.substring(0, slash);
        step = number(field, part.substring(slash + 1), part);
        if (step < 1) {
          throw bad(field, part, "a step is 1 or more");
        }
      }
      int from;
      int to;
      if (range.equals("*")) {
        from = field.min();
        to = field.max();
      } else {
        int dash = range.indexOf('-');
        from = number(field, dash < 0 ? range : range.substring(0, dash), part);
        to =
            dash < 0
                ? (slash >= 0 ? field.max() : from)
                : number(field, range.substring(dash + 1), part);
      }
      if (from < field.min() || to > field.max() || from > to) {
        throw bad(field, part, "out of range " + field.min() + "-" + field.max());
      }
      for (int v = from; v <= to; v += step) {
        out.set(v);
      }
    }
    return out;
  }

  private static int number(Field field, String s, String part) {
    if (s.isEmpty() || !s.chars().allMatch(Character::isDigit) || s.length() > 3) {
      throw bad(field, part, "not a number, *, range or step");
    }
    return Integer.parseInt(s);
  }

  private static IllegalArgumentException bad(Field field, String part, String why) {
    return new IllegalArgumentException(field.name() + " field '" + part + "': " + why);
  }

  /**
   * The first time after {@code after} (to the minute) the schedule names; empty if none in 5
   * years.
   */
  public Optional<ZonedDateTime> next(ZonedDateTime after) {
    ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    LocalDate day = t.toLocalDate();
    for (int d = 0; d < 366 * 5; d++, day = day.plusDays(1)) {
      if (!dayMatches(day)) {
        continue;
      }
      boolean first = day.equals(t.toLocalDate());
      for (int h = hours.nextSetBit(first ? t.getHour() : 0); h >= 0; h = hours.nextSetBit(h + 1)) {
        int fromMinute = first && h == t.getHour() ? t.getMinute() : 0;
        int m = minutes.nextSetBit(fromMinute);
        if (m >= 0) {
          ZonedDateTime at = day.atTime(h, m).atZone(after.getZone());
          if (at.isAfter(after)) {
            return Optional.of(at);
          }
        }
      }
    }
    return Optional.empty();
  }

  private boolean dayMatches(LocalDate day) {
    if (!months.get(day.getMonthValue())) {
      return false;
    }
    boolean dom = days.get(day.getDayOfMonth());
    boolean dow = weekdays.get(day.getDayOfWeek().getValue() % 7);
    if (anyDay || anyWeekday) {
      return dom && dow;
    }
    return dom || dow;
  }

  @Override
  public String toString() {
    return text;
  }
}
