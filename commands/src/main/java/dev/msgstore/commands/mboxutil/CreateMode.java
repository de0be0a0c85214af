package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailboxes;
import java.util.List;

/**
 * {@code -c}: creates a mailbox, or every mailbox of {@code -f file} in one commit. A user's first
 * folder brings their INBOX with it. Returns the mailboxes created, that INBOX among them.
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
    // A folder of a user with no INBOX yet brings it: CreateMailboxes decides that.
    List<String> internal = given.stream().map(names::internal).toList();
    return store
        .execute(author, new CreateMailboxes(internal, null))
        .eventsOf(MailboxEvent.Created.class)
        .stream()
        .map(c -> new CreatedMailbox(names.codec().toDisplay(c.name()), c.partition()))
        .toList();
  }
}
