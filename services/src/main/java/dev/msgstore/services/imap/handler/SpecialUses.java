package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Names;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mailbox's special uses (RFC 6154) as LIST shows them. Those given to it (CREATE ... USE, an
 * event in the projections) count; a mailbox never given any has, by an annotation-free rule, the
 * one its name says when it is a top-level personal folder named Sent, Drafts, Trash, Junk or
 * Archive (the names clients and the demo create). The reference's store documents no folder-role
 * option to take them from.
 */
final class SpecialUses {
  private static final List<String> BY_NAME = List.of("Sent", "Drafts", "Trash", "Junk", "Archive");

  private SpecialUses() {}

  static List<String> of(ProjectionReader r, MailboxRecord m) {
    Optional<List<String>> given = r.specialUse(m.id());
    if (given.isPresent()) {
      return given.get();
    }
    Optional<String> owner = m.owner();
    if (owner.isPresent()) {
      String leaf =
          m.name().substring(MailboxNames.USER_PREFIX.length() + owner.get().length() + 1);
      if (BY_NAME.contains(leaf)) {
        return List.of("\\" + leaf);
      }
    }
    return List.of();
  }

  /** IMAP name to its special uses as LIST attributes ("\Sent"), for the existing ones named. */
  static Map<String, String> attributes(ImapSession s, ProjectionReader r, Iterable<String> names) {
    Map<String, String> out = new HashMap<>();
    for (String name : names) {
      Names.toStore(s.user(), name)
          .flatMap(r::mailbox)
          .map(m -> of(r, m))
          .filter(u -> !u.isEmpty())
          .ifPresent(u -> out.put(name, String.join(" ", u)));
    }
    return out;
  }
}
