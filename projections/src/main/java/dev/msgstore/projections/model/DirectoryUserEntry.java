package dev.msgstore.projections.model;

import dev.msgstore.journal.event.DirectoryEntryEvent.UserEntry;
import dev.msgstore.journal.event.PasswordHash;

/**
 * A user of the embedded directory as its projection holds them: the entry of the last event, when
 * its status last changed (the commit's time), and the password hash of the last {@code
 * directory.password-set}.
 */
public record DirectoryUserEntry(UserEntry entry, long statusChangedMicros, PasswordHash password) {
  public String name() {
    return entry.name();
  }
}
