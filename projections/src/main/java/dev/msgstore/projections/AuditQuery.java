package dev.msgstore.projections;

import dev.msgstore.projections.model.MailboxPattern;

/**
 * A question to the audit index ({@link ProjectionReader#auditCandidates}): commits in a time range
 * (µs, inclusive), by an actor, on mailboxes matching a pattern, concerning a user, with an event
 * of a type or area ({@code message.appended}, {@code message}). Null fields do not filter.
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

  boolean inTime(long micros) {
    return (sinceMicros == null || micros >= sinceMicros)
        && (untilMicros == null || micros <= untilMicros);
  }
}
