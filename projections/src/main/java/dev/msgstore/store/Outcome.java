package dev.msgstore.store;

import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.Event;
import java.util.List;

/**
 * What a command wrote: its commit's index and events ({@link Journal#NO_INDEX}: nothing). In a dry
 * run, the events it would have written, and no index.
 */
public record Outcome(long index, List<Event> events, boolean dryRun) {
  public Outcome {
    events = List.copyOf(events);
  }

  public Outcome(long index, List<Event> events) {
    this(index, events, false);
  }

  public static Outcome dryRun(List<? extends Event> wouldWrite) {
    return new Outcome(Journal.NO_INDEX, List.copyOf(wouldWrite), true);
  }

  public boolean wroteNothing() {
    return index == Journal.NO_INDEX;
  }

  /** The events of one type, e.g. the {@code Appended} events to learn assigned UIDs. */
  public <E extends Event> List<E> eventsOf(Class<E> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
