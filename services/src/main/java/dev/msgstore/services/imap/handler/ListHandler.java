package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Names;
import dev.msgstore.services.imap.session.Rights;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8 and 6.3.9, CHILDREN of RFC 3348): the user's own mailboxes
 * and those others let them look up, by their IMAP names; a name that only exists as the parent of
 * others lists as \Noselect.
 */
final class ListHandler {
  private ListHandler() {}

  static Reply handle(ImapSession s, ImapCommand.ListMailboxes c) throws IOException {
    String verb = c.subscribed() ? "LSUB" : "LIST";
    if (!c.subscribed() && c.pattern().isEmpty()) {
      s.out().untagged("LIST (\\Noselect) \"/\" " + ResponseEncoder.string(""));
      return Reply.ok("LIST completed");
    }
    ListPattern pattern = ListPattern.of(c.reference(), c.pattern());
    TreeMap<String, Boolean> names;
    Map<String, String> uses = Map.of();
    try (ProjectionReader r = s.read()) {
      // an administrator sees every user's mailboxes when asking for them by name only:
      // LIST "" "*" stays the user's own list
      boolean everyUser =
          s.admin() && (c.reference() + c.pattern()).startsWith(Names.OTHER_USERS + "/");
      names = names(s, r, c.subscribed(), everyUser);
      if (!c.subscribed()) {
        uses = SpecialUses.attributes(s, r, names.keySet()); // RFC 6154 section 2
      }
    }
    for (Map.Entry<String, Boolean> e : names.entrySet()) {
      String name = e.getKey();
      if (!pattern.matches(name)) {
        continue;
      }
      String after = names.higherKey(name + "/");
      boolean children = after != null && after.startsWith(name + "/");
      String attributes =
          c.subscribed()
              ? (e.getValue() ? "" : "\\Noselect")
              : (e.getValue() ? "" : "\\Noselect ")
                  + (children ? "\\HasChildren" : "\\HasNoChildren")
                  + (uses.containsKey(name) ? " " + uses.get(name) : "");
      s.out()
          .untagged(verb + " (" + attributes.strip() + ") \"/\" " + ResponseEncoder.string(name));
    }
    return Reply.ok(verb + " completed");
  }

  /**
   * The names LIST (or, {@code subscribed}, LSUB) considers: IMAP name to true if it is a mailbox,
   * false if only the parent of one. LIST-EXTENDED starts from the same names.
   */
  static TreeMap<String, Boolean> names(ImapSession s, ProjectionReader r, boolean subscribed) {
    return names(s, r, subscribed, false);
  }

  /** As {@link #names(ImapSession, ProjectionReader, boolean)}, with {@code everyUser}'s too. */
  static TreeMap<String, Boolean> names(
      ImapSession s, ProjectionReader r, boolean subscribed, boolean everyUser) {
    TreeMap<String, Boolean> names = new TreeMap<>();
    if (subscribed) {
      for (Subscription sub : r.subscriptions(s.user())) {
        add(names, Names.toImap(s.user(), sub.mailbox()), true);
      }
    } else {
      r.forEachMailbox(
          MailboxNames.USER_PREFIX + s.user() + "/",
          m -> {
            add(names, Names.toImap(s.user(), m.name()), true);
            return true;
          });
      shared(r, s.user(), names, s.user());
      shared(r, s.user(), names, "anyone");
      if (everyUser) {
        r.forEachMailbox(
            MailboxNames.USER_PREFIX,
            m -> {
              add(names, Names.toImap(s.user(), m.name()), true);
              return true;
            });
      }
    }
    return names;
  }

  private static void shared(
      ProjectionReader r, String user, Map<String, Boolean> names, String identifier) {
    for (AclEntry e : r.aclOf(identifier)) {
      if (!Rights.has(e.rights(), 'l')) {
        continue;
      }
      r.mailbox(e.mailboxId())
          .map(MailboxRecord::name)
          .filter(n -> !MailboxNames.ownerOf(n).map(user::equals).orElse(false))
          .ifPresent(n -> add(names, Names.toImap(user, n), true));
    }
  }

  /** Adds {@code name} and, as \Noselect where not mailboxes themselves, its parents. */
  private static void add(Map<String, Boolean> names, String name, boolean exists) {
    names.merge(name, exists, Boolean::logicalOr);
    for (int i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
      names.putIfAbsent(name.substring(0, i), false);
    }
  }
}
