package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailboxes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code -d}: deletes a mailbox, those a pattern ({@code -p}, {@code -P}) selects or those of
 * {@code -f file}, in one commit; every name is checked before it. An INBOX takes its account.
 * Returns the names of the mailboxes deleted, in the {@code -E} encoding.
 */
final class DeleteMode {
  private final Store store;
  private final Author author;

  DeleteMode(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /** {@code imapPattern} and {@code regexp} are {@code -p} and {@code -P}, null when not given. */
  List<String> delete(String imapPattern, String regexp, GivenNames names) {
    List<String> targets;
    if (imapPattern != null || regexp != null) {
      if (!names.args().isEmpty() || names.fromFile()) {
        throw VerbFailure.usage("-d takes one of: a mailbox name, -p, -P, -f file");
      }
      Selection sel = Selection.of(imapPattern, regexp, names.codec());
      targets = Mailboxes.selected(store, sel).stream().map(MailboxRecord::name).toList();
    } else {
      targets = checkedNames(names);
    }
    return store
        .execute(author, new DeleteMailboxes(targets))
        .eventsOf(MailboxEvent.Deleted.class)
        .stream()
        .map(d -> names.codec().toDisplay(d.name()))
        .toList();
  }

  private List<String> checkedNames(GivenNames names) {
    if (names.fromFile() && !names.args().isEmpty()) {
      throw VerbFailure.usage("-d takes one of: a mailbox name, -p, -P, -f file");
    }
    List<String> given = names.read();
    if (given.isEmpty()) {
      throw VerbFailure.usage("-d needs a mailbox name, -p pattern, -P regexp or -f file");
    }
    if (!names.fromFile() && given.size() > 1) {
      throw VerbFailure.usage("-d takes one mailbox name (use -f file or -p for more)");
    }
    List<String> targets = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      for (String g : given) {
        String name = names.internal(g);
        Optional<String> owner = MailboxNames.ownerOf(name);
        // Mailboxes left behind by a user without INBOX can still be deleted.
        if (owner.isPresent() && !Mailboxes.knownUser(r, owner.get())) {
          boolean anyMailbox = !r.mailboxes(MailboxNames.USER_PREFIX + owner.get() + "/").isEmpty();
          if (!anyMailbox) {
            throw Mailboxes.unknownUser(owner.get());
          }
        }
        if (r.mailbox(name).isEmpty() && DeleteMailboxes.accountOf(name).isEmpty()) {
          throw Rejected.notFound("no such mailbox: " + g);
        }
        targets.add(name);
      }
    }
    return targets;
  }
}
