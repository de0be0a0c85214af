package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailboxes;
import dev.msgstore.store.command.RenameMailbox;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code -r}: renames a mailbox, or moves it to another partition, or (an INBOX onto itself with a
 * partition) moves the whole account. With {@code -f} the file holds pairs of old and new names;
 * every pair is checked before the first is renamed. Returns every mailbox renamed or moved.
 */
final class RenameMode {
  private record Move(String from, String to, String shownFrom) {}

  private final Store store;
  private final Author author;

  RenameMode(Store store, Author author) {
    this.store = store;
    this.author = author;
  }

  /**
   * Without {@code -f} the arguments are {@code old new [partition]}; with it, at most {@code
   * partition}.
   */
  List<RenamedMailbox> rename(GivenNames names) throws IOException {
    List<String> args = names.args();
    List<Move> moves = new ArrayList<>();
    String partition;
    if (names.fromFile()) {
      if (args.size() > 1) {
        throw VerbFailure.usage("-r -f file takes at most a partition, not " + args);
      }
      partition = args.isEmpty() ? null : args.get(0);
      List<String> lines = names.read();
      if (lines.size() % 2 != 0) {
        throw new VerbFailure(
            ExitCodes.DATA,
            names.file() + ": " + lines.size() + " names, not pairs of old and new names");
      }
      for (int i = 0; i < lines.size(); i += 2) {
        moves.add(
            new Move(names.internal(lines.get(i)), names.internal(lines.get(i + 1)), lines.get(i)));
      }
    } else {
      if (args.size() < 2 || args.size() > 3) {
        throw VerbFailure.usage("-r takes old_name new_name [partition] or -f file [partition]");
      }
      partition = args.size() == 3 ? args.get(2) : null;
      moves.add(new Move(names.internal(args.get(0)), names.internal(args.get(1)), args.get(0)));
    }
    NameCodec codec = names.codec();
    check(moves, partition, codec);
    List<RenamedMailbox> done = new ArrayList<>();
    for (Move m : moves) {
      Optional<String> account = DeleteMailboxes.accountOf(m.from());
      Outcome o;
      if (m.from().equals(m.to()) && account.isPresent()) {
        o = store.moveAccount(author, account.get(), partition);
      } else if (partition != null) {
        o = store.moveMailbox(author, m.from(), m.to(), partition);
      } else {
        o = store.execute(author, new RenameMailbox(m.from(), m.to(), null));
      }
      for (MailboxEvent.Renamed r : o.eventsOf(MailboxEvent.Renamed.class)) {
        done.add(
            new RenamedMailbox(
                codec.toDisplay(r.oldName()),
                codec.toDisplay(r.newName()),
                r.oldPartition(),
                r.newPartition()));
      }
    }
    return done;
  }

  /** Refuses the whole list if any pair would fail, so that none is renamed. */
  private void check(List<Move> moves, String partition, NameCodec codec) {
    try (ProjectionReader r = store.read()) {
      Partitions known = Partitions.of(store.root(), r.configOverrides());
      if (partition != null && !known.exists(partition)) {
        throw Rejected.notFound("no such partition: " + partition);
      }
      Set<String> seenTargets = new HashSet<>();
      for (Move m : moves) {
        for (String name : List.of(m.from(), m.to())) {
          Mailboxes.requireKnownOwner(r, MailboxNames.ownerOf(name));
        }
        boolean account =
            m.from().equals(m.to()) && DeleteMailboxes.accountOf(m.from()).isPresent();
        if (r.mailbox(m.from()).isEmpty() && !account) {
          throw Rejected.notFound("no such mailbox: " + m.shownFrom());
        }
        if (m.from().equals(m.to())) {
          if (partition == null) {
            throw VerbFailure.usage(
                "renaming " + m.shownFrom() + " onto itself: give a partition to move it");
          }
        } else if (r.mailbox(m.to()).isPresent() || !seenTargets.add(m.to())) {
          throw Rejected.exists("mailbox already exists: " + codec.toDisplay(m.to()));
        }
      }
    }
  }
}
