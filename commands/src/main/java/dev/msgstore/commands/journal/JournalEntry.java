package dev.msgstore.commands.journal;

import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.event.Event;
import java.util.List;
import java.util.Map;

/**
 * A commit as the audit view shows it: its metadata, the events that passed the filters, and the
 * names of the mailboxes those events name by id (as they were named at the time).
 */
public record JournalEntry(
    long index, CommitMeta meta, List<Event> events, Map<Long, String> mailboxNames) {
  public JournalEntry {
    events = List.copyOf(events);
    mailboxNames = Map.copyOf(mailboxNames);
  }
}
