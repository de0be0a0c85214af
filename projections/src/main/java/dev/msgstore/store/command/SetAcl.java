package dev.msgstore.store.command;

import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import java.util.List;

/**
 * Sets the rights of an identifier on a mailbox; empty rights remove the entry. Rights are RFC 4314
 * letters (l r s w i p k x a t e n); anything else is rejected.
 */
public record SetAcl(String mailbox, String identifier, String rights) implements Command {
  public static final String RIGHTS = "lrswipkxaten";

  public SetAcl {
    if (identifier == null || identifier.isBlank()) {
      throw Rejected.invalid("an ACL identifier cannot be empty");
    }
    for (char c : rights.toCharArray()) {
      if (RIGHTS.indexOf(c) < 0) {
        throw Rejected.invalid(
            "'"
                + c
                + "' is not an ACL right (rights are "
                + String.join(" ", RIGHTS.split(""))
                + ")");
      }
    }
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    MailboxRecord m = ctx.existing(mailbox);
    String normalized = normalize(rights);
    String current =
        ctx.state().acl(m.id()).stream()
            .filter(e -> e.identifier().equals(identifier))
            .map(AclEntry::rights)
            .findFirst()
            .orElse(null);
    if (normalized.isEmpty()) {
      return current == null ? List.of() : List.of(new AclEvent.EntryRemoved(m.id(), identifier));
    }
    if (normalized.equals(current)) {
      return List.of();
    }
    return List.of(new AclEvent.EntrySet(m.id(), identifier, normalized));
  }

  /** Rights in the canonical order of {@link #RIGHTS}, each once. */
  static String normalize(String rights) {
    StringBuilder sb = new StringBuilder();
    for (char c : RIGHTS.toCharArray()) {
      if (rights.indexOf(c) >= 0) {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
