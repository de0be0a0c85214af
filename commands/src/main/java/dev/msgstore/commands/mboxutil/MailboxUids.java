package dev.msgstore.commands.mboxutil;

import java.util.List;

/**
 * The messages a mode removed from one mailbox (name in the {@code -E} encoding), by UID: those
 * {@code -e} expunged, or those {@code -C} purged. Only mailboxes where something was done appear,
 * as only they are printed.
 */
public record MailboxUids(String mailbox, List<Long> uids) {
  public MailboxUids {
    uids = List.copyOf(uids);
  }

  /** The line printed: {@code <mailbox>: N <done>}. */
  String line(String done) {
    return mailbox + ": " + uids.size() + " " + done;
  }
}
