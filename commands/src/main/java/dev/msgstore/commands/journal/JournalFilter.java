package dev.msgstore.commands.journal;

import dev.msgstore.journal.Actor;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.AuditQuery;
import dev.msgstore.projections.AuditSubjects;
import dev.msgstore.projections.model.MailboxPattern;
import java.util.Map;

/**
 * Which commits and events the audit view shows. Null fields do not filter. {@code type} is an
 * event type name ({@code message.appended}) or an area ({@code message}).
 */
public record JournalFilter(
    Long sinceMicros,
    Long untilMicros,
    String actor,
    MailboxPattern mailbox,
    String user,
    String type) {

  public static final JournalFilter ALL = new JournalFilter(null, null, null, null, null, null);

  boolean accepts(CommitMeta meta) {
    return (sinceMicros == null || meta.timeMicros() >= sinceMicros)
        && (untilMicros == null || meta.timeMicros() <= untilMicros)
        && (actor == null || Actor.parse(meta.actor()).isNamed(actor));
  }

  boolean accepts(Event e, Map<Long, String> names) {
    if (type != null) {
      String name = EventRegistry.nameOf(e);
      if (!name.equals(type) && !name.startsWith(type + ".")) {
        return false;
      }
    }
    if (mailbox != null && AuditSubjects.mailboxesOf(e, names).noneMatch(mailbox::matches)) {
      return false;
    }
    return user == null || AuditSubjects.usersOf(e, names).anyMatch(user::equals);
  }

  /** Whether any field filters: with none, every commit is shown and an index cannot help. */
  boolean filters() {
    return sinceMicros != null
        || untilMicros != null
        || actor != null
        || mailbox != null
        || user != null
        || type != null;
  }

  /** The same filter as the audit index's query, which finds at least the commits it accepts. */
  AuditQuery query() {
    return new AuditQuery(sinceMicros, untilMicros, actor, mailbox, user, type);
  }
}
