package dev.msgstore.journal.event;

/** Quota limits. Usage is not an event: it is derived from the messages themselves. */
public sealed interface QuotaEvent extends Event {
  long UNLIMITED = -1;

  /** Limits of a quota root (a user id); {@link #UNLIMITED} where there is none. */
  record LimitSet(String root, long storageBytes, long messages) implements QuotaEvent {}

  /**
   * {@code imquotacheck -n} told {@code root} that their usage reached {@code percent} of their
   * quota, by the rule named {@code rule}; {@code percent} 0 (and an empty rule) forgets the last
   * notice: their usage fell below every threshold.
   */
  record Notified(String root, String rule, int percent) implements QuotaEvent {}
}
