package dev.msgstore.commands.journal;

import dev.msgstore.commands.cli.Json;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The two layouts of the audit view. */
public final class JournalFormat {
  /** The commit's time, for the years {@link #time} does not write itself. */
  private static final class Time {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  }

  private JournalFormat() {}

  /** {@code time actor@host[pid] "origin": type field=value ...; type ...} */
  public static String line(JournalEntry e) {
    StringBuilder sb = new StringBuilder();
    time(sb, e.meta().timeMicros())
        .append(' ')
        .append(e.meta().actor())
        .append('@')
        .append(e.meta().host())
        .append('[')
        .append(e.meta().pid())
        .append("] \"")
        .append(e.meta().origin())
        .append("\":");
    events(sb.append(' '), e.events(), ev -> fields(ev, e));
    return sb.toString();
  }

  /**
   * The commit's time as {@link Time#FORMAT} writes it, {@code 2026-12-04T07:12:03.526658Z},
   * written out by hand for the years of four digits: through the formatter, a fresh process's
   * hundred lines took it a few milliseconds more (its zone rules and printer-parsers,
   * interpreted).
   */
  static StringBuilder time(StringBuilder sb, long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L);
    long secondOfDay = Math.floorMod(seconds, 86_400L);
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
    if (day.getYear() < 1 || day.getYear() > 9999) {
      return sb.append(Time.FORMAT.format(java.time.Instant.EPOCH.plus(micros, ChronoUnit.MICROS)));
    }
    digits(sb, day.getYear(), 4).append('-');
    digits(sb, day.getMonthValue(), 2).append('-');
    digits(sb, day.getDayOfMonth(), 2).append('T');
    digits(sb, secondOfDay / 3600, 2).append(':');
    digits(sb, secondOfDay / 60 % 60, 2).append(':');
    digits(sb, secondOfDay % 60, 2).append('.');
    return digits(sb, Math.floorMod(micros, 1_000_000L), 6).append('Z');
  }

  /** {@code value} (≥ 0) in at least {@code width} digits, zeros ahead. */
  private static StringBuilder digits(StringBuilder sb, long value, int width) {
    for (long limit = 10, w = 1; w < width; w++, limit *= 10) {
      if (value < limit) {
        sb.append('0');
      }
    }
    return sb.append(value);
  }

  /** {@code type field=value ...; type ...}: events not yet in the journal (a dry run's). */
  public static String events(List<? extends Event> events) {
    return events(new StringBuilder(), events, EventFields::of).toString();
  }

  private static StringBuilder events(
      StringBuilder sb,
      List<? extends Event> events,
      Function<Event, Map<String, Object>> fieldsOf) {
    String sep = "";
    for (Event ev : events) {
      sb.append(sep).append(EventRegistry.nameOf(ev));
      fieldsOf.apply(ev).forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
      sep = "; ";
    }
    return sb;
  }

  /**
   * {@code {"index":…,"meta":{"timeMicros":…,"actor":…,…},"events":[{"type":…,…}],
   * "mailboxNames":{…}}}: a {@link JournalEntry} as a script reads it, each event's registry name
   * as its {@code type} (what a script learns from its class).
   */
  public static String json(JournalEntry e) {
    Map<String, Object> o = Json.fields(e);
    o.put(
        "events",
        e.events().stream()
            .map(
                ev -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("type", EventRegistry.nameOf(ev));
                  m.putAll(EventFields.of(ev));
                  return m;
                })
            .toList());
    return Json.line(o);
  }

  /** The event's fields, with the mailbox's name beside its id where the event has only the id. */
  private static Map<String, Object> fields(Event ev, JournalEntry e) {
    Map<String, Object> f = EventFields.of(ev);
    Object id = f.get("mailboxId");
    if (id instanceof Long l && !f.containsKey("name") && e.mailboxNames().containsKey(l)) {
      Map<String, Object> withName = new LinkedHashMap<>();
      withName.put("mailbox", e.mailboxNames().get(l));
      withName.putAll(f);
      return withName;
    }
    return f;
  }
}
