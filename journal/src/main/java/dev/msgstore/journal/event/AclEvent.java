package dev.msgstore.journal.event;

/** Access control entries (RFC 4314 rights letters) on a mailbox. */
public sealed interface AclEvent extends Event {
  long mailboxId();

  String identifier();

  record EntrySet(long mailboxId, String identifier, String rights) implements AclEvent {}

  record EntryRemoved(long mailboxId, String identifier) implements AclEvent {}
}
