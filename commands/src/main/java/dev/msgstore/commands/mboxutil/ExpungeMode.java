package dev.msgstore.commands.mboxutil;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import java.util.function.Consumer;

/** {@code -e}: expunges the \Deleted messages of every selected mailbox, a commit each. */
final class ExpungeMode {
  private final Store store;
  private final NameCodec codec;
  private final Author author;

  ExpungeMode(Store store, NameCodec codec, Author author) {
    this.store = store;
    this.codec = codec;
    this.author = author;
  }

  /**
   * Prints {@code <mailbox>: N expunged} as each mailbox is done, so that what was done before a
   * failure is reported.
   */
  void expunge(Selection selection, Consumer<String> out) {
    for (MailboxRecord m : Mailboxes.selected(store, selection)) {
      Outcome o;
      try {
        o = store.execute(author, Expunge.deleted(m.name()));
      } catch (Rejected gone) {
        if (gone.kind() == Rejected.Kind.NOT_FOUND) {
          continue; // deleted meanwhile
        }
        throw gone;
      }
      int n = o.eventsOf(MessageEvent.Expunged.class).stream().mapToInt(e -> e.uids().size()).sum();
      if (n > 0) {
        out.accept(codec.toDisplay(m.name()) + ": " + n + " expunged");
      }
    }
  }
}
