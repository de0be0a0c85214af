package dev.msgstore.journal;

import dev.msgstore.journal.event.Event;
import java.util.List;

/** One journal document: the events of one command, applied together or not at all. */
public record Commit(long index, CommitMeta meta, List<Event> events) {
  public Commit {
    events = List.copyOf(events);
  }
}
