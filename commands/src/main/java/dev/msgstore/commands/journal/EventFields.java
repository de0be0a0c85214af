package dev.msgstore.commands.journal;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.SystemFlag;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** An event's fields by name, in declaration order, as displayable values. */
final class EventFields {
  private EventFields() {}

  static Map<String, Object> of(Event e) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent c : e.getClass().getRecordComponents()) {
      try {
        Object v = c.getAccessor().invoke(e);
        if (v instanceof MessageEvent.Summary s) { // its fields, as the event's own
          out.put("from", s.from());
          out.put("to", s.to());
          out.put("subject", s.subject());
        } else {
          out.put(c.getName(), display(v));
        }
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalStateException("cannot read " + c.getName() + " of " + e, ex);
      }
    }
    return out;
  }

  private static Object display(Object v) {
    if (v instanceof PasswordHash h) {
      return h.toString(); // never the hash: the audit view is read by many
    }
    if (v instanceof Digest d) {
      return d.hex();
    }
    if (v instanceof Collection<?> c && !c.isEmpty() && c.iterator().next() instanceof SystemFlag) {
      return c.stream().map(f -> ((SystemFlag) f).imapName()).sorted().toList();
    }
    return v;
  }
}
