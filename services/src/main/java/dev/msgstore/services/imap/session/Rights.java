package dev.msgstore.services.imap.session;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;

/**
 * What a user may do on a mailbox (RFC 4314 section 4): the owner of a personal mailbox, and a
 * store administrator on any mailbox, hold every right; anyone else holds what the mailbox's ACL
 * gives their identifier and {@code anyone}. Letters are the reference's Table 71-32.
 */
public final class Rights {
  public static final String ALL = "lrswipkxaten";

  /**
   * RFC 4314 section 2.1.1's obsolete rights, read as its first model: "c" (create) stands for k
   * and x (CREATE, and DELETE of the mailbox), "d" (delete) for e and t (EXPUNGE, \Deleted).
   */
  public static final String CREATE_MEMBERS = "kx";

  public static final String DELETE_MEMBERS = "et";

  private Rights() {}

  public static String of(ProjectionReader state, String user, MailboxRecord mailbox) {
    return of(state, user, false, mailbox);
  }

  public static String of(
      ProjectionReader state, String user, boolean admin, MailboxRecord mailbox) {
    if (admin || MailboxNames.ownerOf(mailbox.name()).map(user::equals).orElse(false)) {
      return ALL;
    }
    StringBuilder rights = new StringBuilder();
    for (AclEntry e : state.acl(mailbox.id())) {
      if (e.identifier().equals(user) || e.identifier().equals("anyone")) {
        rights.append(e.rights());
      }
    }
    return canonical(rights.toString());
  }

  public static boolean has(String rights, char right) {
    return rights.indexOf(right) >= 0;
  }

  /** {@code rights} in the order of {@link #ALL}, each once; letters not in it dropped. */
  public static String canonical(String rights) {
    StringBuilder sb = new StringBuilder();
    for (char c : ALL.toCharArray()) {
      if (rights.indexOf(c) >= 0) {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Rights as MYRIGHTS and ACL responses show them: with "c" and "d" where one of their members is
   * held (RFC 4314 section 2.1.1, for clients of RFC 2086).
   */
  public static String shown(String rights) {
    StringBuilder sb = new StringBuilder(canonical(rights));
    if (rights.chars().anyMatch(c -> CREATE_MEMBERS.indexOf(c) >= 0)) {
      sb.append('c');
    }
    if (rights.chars().anyMatch(c -> DELETE_MEMBERS.indexOf(c) >= 0)) {
      sb.append('d');
    }
    return sb.toString();
  }

  /**
   * The rights a client named (SETACL's, without its '+' or '-'), "c" and "d" expanded; null when a
   * letter is not a right (RFC 4314 section 3.1: BAD).
   */
  public static String parse(String named) {
    StringBuilder sb = new StringBuilder();
    for (char c : named.toCharArray()) {
      if (c == 'c') {
        sb.append(CREATE_MEMBERS);
      } else if (c == 'd') {
        sb.append(DELETE_MEMBERS);
      } else if (ALL.indexOf(c) >= 0) {
        sb.append(c);
      } else {
        return null;
      }
    }
    return canonical(sb.toString());
  }
}
