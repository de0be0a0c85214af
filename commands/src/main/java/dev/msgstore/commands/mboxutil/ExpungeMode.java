package dev.msgstore.commands.mboxutil;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Expunge;
import java.util.ArrayList;
import java.util.List;
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
   * failure is reported, and returns what was expunged from each.
   */
  List<MailboxUids> expunge(Selection selection, Consumer<String> out) {
    List<MailboxUids> done = new ArrayList<>();
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
      List<Long> uids =
          o.eventsOf(MessageEvent.Expunged.class).stream().flatMap(e -> e.uids().stream()).toList();
      if (!uids.isEmpty()) {
        MailboxUids expunged = new MailboxUids(codec.toDisplay(m.name()), uids);
        out.accept(expunged.line("expunged"));
        done.add(expunged);
      }
    }
    return done;
  }
}
