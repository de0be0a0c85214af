package dev.msgstore.store.command;

import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.model.AclEntry;
import java.util.List;

/**
 * Adds rights to ({@code add}) or removes them from an identifier's entry on a mailbox, as IMAP's
 * {@code SETACL mailbox id +rights} / {@code -rights} (RFC 4314 section 3.1) ask: decided on the
 * entry as it is at commit time, so that two sessions changing one entry never undo each other.
 */
public record ModifyAcl(String mailbox, String identifier, boolean add, String rights)
    implements Command {
  public ModifyAcl {
    new SetAcl(mailbox, identifier, rights); // the same checks of identifier and letters
  }

  @Override
  public List<Event> decide(DecisionContext ctx) {
    String current =
        ctx.state().acl(ctx.existing(mailbox).id()).stream()
            .filter(e -> e.identifier().equals(identifier))
            .map(AclEntry::rights)
            .findFirst()
            .orElse("");
    StringBuilder now = new StringBuilder();
    for (char c : SetAcl.RIGHTS.toCharArray()) {
      boolean had = current.indexOf(c) >= 0;
      boolean named = rights.indexOf(c) >= 0;
      if (add ? had || named : had && !named) {
        now.append(c);
      }
    }
    return new SetAcl(mailbox, identifier, now.toString()).decide(ctx);
  }
}
