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
    Optional<String> name = storeName(s, imap);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Optional<MailboxRecord> m = r.mailbox(name.get());
    if (m.isEmpty()) {
      return Optional.empty();
    }
    String rights = Rights.of(r, s.user(), m.get());
    if (!Rights.has(rights, 'l') && !Rights.has(rights, 'r')) {
      return Optional.empty();
    }
    return Optional.of(new Found(m.get(), rights));
  }

  /** The rights on the parent of {@code storeName} (for CREATE and RENAME targets). */
  static String parentRights(ProjectionReader r, ImapSession s, String storeName) {
    if (MailboxNames.ownerOf(storeName).map(s.user()::equals).orElse(false)) {
      return Rights.ALL;
    }
    int slash = storeName.lastIndexOf('/');
    while (slash > 0) {
      Optional<MailboxRecord> parent = r.mailbox(storeName.substring(0, slash));
      if (parent.isPresent()) {
        return Rights.of(r, s.user(), parent.get());
      }
      slash = storeName.lastIndexOf('/', slash - 1);
    }
    return "";
  }
}
