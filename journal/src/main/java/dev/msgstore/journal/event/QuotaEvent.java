package dev.msgstore.journal.event;

/** Quota limits. Usage is not an event: it is derived from the messages themselves. */
public sealed interface QuotaEvent extends Event {
  long UNLIMITED = -1;

  /** Limits of a quota root (a user id); {@link #UNLIMITED} where there is none. */
  record LimitSet(String root, long storageBytes, long messages) implements QuotaEvent {}
}
