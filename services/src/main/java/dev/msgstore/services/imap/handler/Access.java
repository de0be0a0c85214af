package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Names;
import dev.msgstore.services.imap.session.Rights;
import java.util.Optional;

/**
 * Finds a mailbox a command names, with the rights the user holds on it. A mailbox the user may not
 * even look up is answered as one that does not exist (RFC 4314 section 4).
 */
final class Access {
  private Access() {}

  record Found(MailboxRecord mailbox, String rights) {
    boolean may(char right) {
      return Rights.has(rights, right);
    }
  }

  static Optional<String> storeName(ImapSession s, String imap) {
    return Names.toStore(s.user(), imap).map(MailboxNames::canonical);
  }

  static Optional<Found> find(ProjectionReader r, ImapSession s, String imap) {
    return findAny(r, s, imap)
        .filter(f -> Rights.has(f.rights(), 'l') || Rights.has(f.rights(), 'r'));
  }

  /** The mailbox {@code imap} names, whatever the user's rights on it (even none). */
  static Optional<Found> findAny(ProjectionReader r, ImapSession s, String imap) {
    Optional<String> name = storeName(s, imap);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    return r.mailbox(name.get()).map(m -> new Found(m, s.rightsOn(r, m)));
  }

  /** The rights on the parent of {@code storeName} (for CREATE and RENAME targets). */
  static String parentRights(ProjectionReader r, ImapSession s, String storeName) {
    if (s.admin() || MailboxNames.ownerOf(storeName).map(s.user()::equals).orElse(false)) {
      return Rights.ALL;
    }
    int slash = storeName.lastIndexOf('/');
    while (slash > 0) {
      Optional<MailboxRecord> parent = r.mailbox(storeName.substring(0, slash));
      if (parent.isPresent()) {
        return s.rightsOn(r, parent.get());
      }
      slash = storeName.lastIndexOf('/', slash - 1);
    }
    return "";
  }

  /**
   * Why a command needing {@code right} on {@code found} is refused, or null when it is not: a user
   * who may not even look the mailbox up is told it does not exist (RFC 4314 section 4).
   */
  static Reply refusal(Optional<Found> found, char right, String name) {
    if (found.isEmpty() || !found.get().may(right) && !found.get().may('l')) {
      return Reply.noMailbox();
    }
    return found.get().may(right) ? null : Reply.noPermission(name);
  }
}
