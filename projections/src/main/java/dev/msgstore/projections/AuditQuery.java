package dev.msgstore.projections;

import dev.msgstore.projections.model.MailboxPattern;

/**
 * A question to the audit index ({@link AuditReader#candidates}): commits in a time range (µs,
 * inclusive; checked on the commits read when another field is given), by an actor, on mailboxes
 * matching a pattern, concerning a user, with an event of a type or area ({@code message.appended},
 * {@code message}). Null fields do not filter.
 */
public record AuditQuery(
    Long sinceMicros,
    Long untilMicros,
    String actor,
    MailboxPattern mailbox,
    String user,
    String type) {

  /** Whether a field other than time narrows the commits down (the index's posting lists). */
  boolean hasDimension() {
    return actor != null || mailbox != null || user != null || type != null;
  }

  /** Told each commit that may match: its index, and where it lies in its cycle file. */
  @FunctionalInterface
  public interface Visitor {
    /** Returns false to stop. */
    boolean visit(long index, long position);
  }
}
