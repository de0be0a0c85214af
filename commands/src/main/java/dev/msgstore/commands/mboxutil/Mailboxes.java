package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Questions about users and mailboxes that several modes ask the store the same way. */
final class Mailboxes {
  private Mailboxes() {}

  static boolean isInbox(String name) {
    return MailboxNames.ownerOf(name).map(u -> name.equals(MailboxNames.inboxOf(u))).orElse(false);
  }

  /** Known to the directory, or the owner of an INBOX. */
  static boolean knownUser(ProjectionReader r, String user) {
    return r.user(user).isPresent() || r.mailbox(MailboxNames.inboxOf(user)).isPresent();
  }

  static VerbFailure unknownUser(String user) {
    return new VerbFailure(ExitCodes.NO_USER, "unknown user " + user);
  }

  /** Refuses a name whose owner (if it has one) is not a known user. */
  static void requireKnownOwner(ProjectionReader r, Optional<String> owner) {
    if (owner.isPresent() && !knownUser(r, owner.get())) {
      throw unknownUser(owner.get());
    }
  }

  /**
   * The mailboxes a selection names, in name order; an unknown user in the pattern is refused, and
   * so is a pattern or expression that matches nothing.
   */
  static List<MailboxRecord> selected(Store s, Selection sel) {
    List<MailboxRecord> out = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      requireKnownOwner(r, sel.singleOwner());
      r.forEachMailbox(
          sel.scanPrefix(),
          m -> {
            if (!m.name().startsWith(sel.scanPrefix())) {
              return false;
            }
            if (sel.matches(m.name())) {
              out.add(m);
            }
            return true;
          });
    }
    if (out.isEmpty() && !sel.all()) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox matches " + sel.shown());
    }
    return out;
  }
}
