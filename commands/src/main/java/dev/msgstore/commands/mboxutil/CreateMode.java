package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailboxes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code -c}: creates a mailbox, or every mailbox of {@code -f file} in one commit. A folder needs
 * its owner's INBOX, existing or created by the same list. Returns the mailboxes created.
 */
final class CreateMode {
  private final Store store;
  private final Author author;

  CreateMode(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  List<CreatedMailbox> create(GivenNames names) {
    List<String> given = names.read();
    if (names.fromFile() && !names.args().isEmpty()) {
      throw VerbFailure.usage("-c takes a mailbox name or -f file, not both");
    }
    if (given.isEmpty()) {
      throw VerbFailure.usage("-c needs a mailbox name or -f file");
    }
    if (!names.fromFile() && given.size() > 1) {
      throw VerbFailure.usage("-c takes one mailbox name (use -f file for more)");
    }
    List<String> internal = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      Set<String> inboxes = new HashSet<>();
      for (String g : given) {
        String name = names.internal(g);
        Optional<String> owner = MailboxNames.ownerOf(name);
        if (owner.isPresent()) {
          String inbox = MailboxNames.inboxOf(owner.get());
          if (name.equals(inbox)) {
            inboxes.add(inbox);
          } else if (r.mailbox(inbox).isEmpty() && !inboxes.contains(inbox)) {
            throw new VerbFailure(
                ExitCodes.NO_USER,
                "unknown user "
                    + owner.get()
                    + ": create "
                    + names.codec().toDisplay(inbox)
                    + " first");
          }
        }
        internal.add(name);
      }
    }
    return store
        .execute(author, new CreateMailboxes(internal, null))
        .eventsOf(MailboxEvent.Created.class)
        .stream()
        .map(c -> new CreatedMailbox(names.codec().toDisplay(c.name()), c.partition()))
        .toList();
  }
}
