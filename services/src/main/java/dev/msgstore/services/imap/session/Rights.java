package dev.msgstore.services.imap.session;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;

/**
 * What a user may do on a mailbox (RFC 4314 section 4): the owner of a personal mailbox holds every
 * right; anyone else holds what the mailbox's ACL gives their identifier and {@code anyone}.
 */
public final class Rights {
  public static final String ALL = "lrswipkxaten";

  private Rights() {}

  public static String of(ProjectionReader state, String user, MailboxRecord mailbox) {
    if (MailboxNames.ownerOf(mailbox.name()).map(user::equals).orElse(false)) {
      return ALL;
    }
    StringBuilder rights = new StringBuilder();
    for (AclEntry e : state.acl(mailbox.id())) {
      if (e.identifier().equals(user) || e.identifier().equals("anyone")) {
        rights.append(e.rights());
      }
    }
    return rights.toString();
  }

  public static boolean has(String rights, char right) {
    return rights.indexOf(right) >= 0;
  }
}
