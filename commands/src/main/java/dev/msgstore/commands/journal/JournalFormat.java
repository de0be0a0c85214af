package dev.msgstore.commands.journal;

import dev.msgstore.commands.cli.Json;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The two layouts of the audit view. */
public final class JournalFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private JournalFormat() {}

  /** {@code time actor@host[pid] "origin": type field=value ...; type ...} */
  public static String line(JournalEntry e) {
    StringBuilder sb = new StringBuilder();
    sb.append(TIME.format(e.meta().time()))
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
