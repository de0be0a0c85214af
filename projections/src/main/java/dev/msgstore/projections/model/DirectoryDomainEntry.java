package dev.msgstore.projections.model;

import dev.msgstore.journal.event.DirectoryEntryEvent.DomainEntry;

/** A hosted domain of the embedded directory, and when its status last changed. */
public record DirectoryDomainEntry(DomainEntry entry, long statusChangedMicros) {
  public String name() {
    return entry.name();
  }
}
