package dev.msgstore.projections.model;

import java.util.Optional;

/**
 * A mailbox as the registry holds it. Dates are milliseconds since the epoch; {@code lastAppend} is
 * 0 for a mailbox that never received a message.
 */
public record MailboxRecord(
    long id,
    String name,
    String partition,
    long uidValidity,
    long uidNext,
    long messages,
    long bytes,
    long lastAppend,
    long createdMicros) {

  /** The user whose quota this mailbox counts against, if it is a personal mailbox. */
  public Optional<String> owner() {
    return MailboxNames.ownerOf(name);
  }

  public MailboxRecord withContent(long uidNext, long messages, long bytes, long lastAppend) {
    return new MailboxRecord(
        id, name, partition, uidValidity, uidNext, messages, bytes, lastAppend, createdMicros);
  }

  public MailboxRecord renamed(String newName, String newPartition) {
    return new MailboxRecord(
        id,
        newName,
        newPartition,
        uidValidity,
        uidNext,
        messages,
        bytes,
        lastAppend,
        createdMicros);
  }
}
