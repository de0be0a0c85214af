package dev.msgstore.store;

import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.Event;
import java.util.List;

/** What a command wrote: its commit's index and events ({@link Journal#NO_INDEX}: nothing). */
public record Outcome(long index, List<Event> events) {
  public Outcome {
    events = List.copyOf(events);
  }

  public boolean wroteNothing() {
    return index == Journal.NO_INDEX;
  }

  /** The events of one type, e.g. the {@code Appended} events to learn assigned UIDs. */
  public <E extends Event> List<E> eventsOf(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
