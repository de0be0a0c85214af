package dev.msgstore.projections;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.ConfigEvent;
import dev.msgstore.journal.event.DirectoryEntryEvent;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MaintenanceEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.model.MailboxNames;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What an event concerns, for the audit view: the mailboxes it names and the users it touches. One
 * definition for the journal scan ({@code msgstore journal}) and the audit index that answers the
 * same filters ({@link AuditIndex}), so that the two cannot drift apart. {@code names} maps a
 * mailbox id to its name at that point of the journal (the events naming a mailbox by id only).
 */
public final class AuditSubjects {
  private AuditSubjects() {}

  /** Keeps {@code names} at this point of the journal: a mailbox is named by its creation. */
  public static void track(Event e, Map<Long, String> names) {
    switch (e) {
      case MailboxEvent.Created c -> names.put(c.mailboxId(), c.name());
      case MailboxEvent.Renamed r -> names.put(r.mailboxId(), r.newName());
      default -> {}
    }
  }

  /** The id of the mailbox an event names by id only (its name is in an earlier event). */
  public static Optional<Long> mailboxIdOf(Event e) {
    return switch (e) {
      case MessageEvent m -> Optional.of(m.mailboxId());
      case AclEvent a -> Optional.of(a.mailboxId());
      case SessionEvent.SharedMailboxAccessed s -> Optional.of(s.mailboxId());
      case SessionEvent.SharedAccessForgotten s -> Optional.of(s.mailboxId());
      default -> Optional.empty();
    };
  }

  /** The names of the mailboxes an event concerns. */
  public static Stream<String> mailboxesOf(Event e, Map<Long, String> names) {
    return switch (e) {
      case MailboxEvent.Created c -> Stream.of(c.name());
      case MailboxEvent.Renamed r -> Stream.of(r.oldName(), r.newName());
      case MailboxEvent.Deleted d -> Stream.of(d.name());
      case MailboxEvent.SpecialUseSet u -> Stream.of(u.name());
      case MessageEvent m -> Stream.ofNullable(names.get(m.mailboxId()));
      case AclEvent a -> Stream.ofNullable(names.get(a.mailboxId()));
      case SessionEvent.SharedMailboxAccessed s -> Stream.ofNullable(names.get(s.mailboxId()));
      case SessionEvent.SharedAccessForgotten s -> Stream.ofNullable(names.get(s.mailboxId()));
      case SessionEvent.UserAccessed s -> Stream.empty();
      case SubscriptionEvent s -> Stream.of(s.mailbox());
      case QuotaEvent q -> Stream.empty();
      case ConfigEvent c -> Stream.empty();
      case DirectoryEvent d -> Stream.empty();
      case DirectoryEntryEvent d -> Stream.empty();
      case MaintenanceEvent m -> Stream.empty();
    };
  }

  /** The users an event concerns: mailbox owners, ACL identifiers, quota roots, subscribers. */
  public static Stream<String> usersOf(Event e, Map<Long, String> names) {
    Stream<String> owners =
        mailboxesOf(e, names).map(MailboxNames::ownerOf).flatMap(Optional::stream);
    Stream<String> direct =
        switch (e) {
          case AclEvent a -> Stream.of(a.identifier());
          case SessionEvent.SharedMailboxAccessed s -> Stream.of(s.userId());
          case SessionEvent.SharedAccessForgotten s -> Stream.of(s.userId());
          case SessionEvent.UserAccessed s -> Stream.of(s.userId());
          case MaintenanceEvent.DisconnectRequested d -> Stream.of(d.userId());
          case QuotaEvent.LimitSet q -> Stream.of(q.root());
          case QuotaEvent.Notified q -> Stream.of(q.root());
          case SubscriptionEvent s -> Stream.of(s.user());
          case DirectoryEvent d -> Stream.of(d.userId());
          case DirectoryEntryEvent.UserEvent d -> Stream.of(d.userName());
          default -> Stream.empty();
        };
    return Stream.concat(owners, direct);
  }
}
