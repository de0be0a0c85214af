package dev.msgstore.commands.journal;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.journal.event.SystemFlag;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An event's fields by name, in declaration order, as displayable values. */
final class EventFields {
  private EventFields() {}

  /** An event type's fields: names and accessors, in declaration order. */
  private record Components(String[] names, Method[] accessors) {}

  /**
   * Each event type's components, looked up once: {@link Class#getRecordComponents} builds them
   * anew at each call (the class file's Record attribute parsed, its signatures resolved), which
   * was most of what a fresh process spent formatting the audit view's lines.
   */
  private static final ClassValue<Components> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Components computeValue(Class<?> type) {
          RecordComponent[] cs = type.getRecordComponents();
          String[] names = new String[cs.length];
          Method[] accessors = new Method[cs.length];
          for (int i = 0; i < cs.length; i++) {
            names[i] = cs[i].getName();
            accessors[i] = cs[i].getAccessor();
          }
          return new Components(names, accessors);
        }
      };

  static Map<String, Object> of(Event e) {
    Map<String, Object> out = new LinkedHashMap<>();
    Components cs = COMPONENTS.get(e.getClass());
    for (int i = 0; i < cs.names().length; i++) {
      try {
        Object v = cs.accessors()[i].invoke(e);
        if (v instanceof MessageEvent.Summary s) { // its fields, as the event's own
          out.put("from", s.from());
          out.put("to", s.to());
          out.put("subject", s.subject());
        } else {
          out.put(cs.names()[i], display(v));
        }
      } catch (IllegalAccessException | InvocationTargetException ex) {
        throw new IllegalStateException("cannot read " + cs.names()[i] + " of " + e, ex);
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
      // a loop, not a stream: a lambda here is a class spun at the first flags shown
      List<String> names = new ArrayList<>(c.size());
      for (Object f : c) {
        names.add(((SystemFlag) f).imapName());
      }
      names.sort(null);
      return Collections.unmodifiableList(names);
    }
    return v;
  }
}
