package dev.msgstore.store.restore;

import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.codec.EventType;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Predicate;

/**
 * The store's mailboxes, messages, ACLs and subscriptions as they were at an instant: the journal
 * replayed up to it into a scratch projection environment (a temporary LMDB directory, deleted on
 * close). Only the events those tables are made of are decoded; directory, quota, config and
 * session events are passed over undecoded.
 */
final class PastState implements AutoCloseable {
  /** What a restore reads: mailboxes and their messages, ACLs and subscriptions. */
  static final Predicate<EventType<?>> RESTORED_EVENTS =
      t ->
          MailboxEvent.class.isAssignableFrom(t.type())
              || MessageEvent.class.isAssignableFrom(t.type())
              || AclEvent.class.isAssignableFrom(t.type())
              || SubscriptionEvent.class.isAssignableFrom(t.type());

  private final Path scratch;
  private final Projections projections;
  private final long commits;

  private PastState(Path scratch, Projections projections, long commits) {
    this.scratch = scratch;
    this.projections = projections;
    this.commits = commits;
  }

  /**
   * The state at {@code atMicros} of the mailboxes whose names start with one of {@code prefixes}
   * (all of them when one is ""): only their events are applied, so a restore of one account costs
   * the replay of its history, not of the store's. A mailbox of another name renamed in among them
   * brings history they did not keep: then the replay starts again with every mailbox.
   */
  static PastState replay(
      List<Journal> journals, long atMicros, Collection<String> prefixes, LongConsumer progress) {
    try {
      return replay(journals, atMicros, new Tracked(prefixes), progress);
    } catch (Tracked.RenamedIn e) {
      return replay(journals, atMicros, event -> true, progress);
    }
  }

  private static PastState replay(
      List<Journal> journals, long atMicros, Predicate<Event> keep, LongConsumer progress) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("msgstore-restore-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch directory for the restore", e);
    }
    Projections p = null;
    try {
      p = Projections.open(scratch.resolve("projections"));
      long n = p.replayUntil(journals, atMicros, RESTORED_EVENTS, keep, progress);
      return new PastState(scratch, p, n);
    } catch (RuntimeException e) {
      if (p != null) {
        p.close();
      }
      delete(scratch);
      throw e;
    }
  }

  /** The events of the mailboxes created (or renamed) under some prefixes, and subscriptions. */
  private static final class Tracked implements Predicate<Event> {
    /** A mailbox not tracked has been renamed in among those that are. */
    static final class RenamedIn extends RuntimeException {
      private static final long serialVersionUID = 1L;

      RenamedIn() {
        super(null, null, false, false);
      }
    }

    private final List<String> prefixes;
    private final Set<Long> ids = new HashSet<>();

    Tracked(Collection<String> prefixes) {
      this.prefixes = List.copyOf(prefixes);
    }

    private boolean under(String name) {
      for (String p : prefixes) {
        if (name.startsWith(p)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public boolean test(Event e) {
      return switch (e) {
        case MailboxEvent.Created c -> under(c.name()) && ids.add(c.mailboxId());
        case MailboxEvent.Renamed r -> {
          if (ids.contains(r.mailboxId())) {
            yield true;
          }
          if (under(r.newName())) {
            throw new RenamedIn();
          }
          yield false;
        }
        case MailboxEvent m -> ids.contains(m.mailboxId());
        case MessageEvent m -> ids.contains(m.mailboxId());
        case AclEvent a -> ids.contains(a.mailboxId());
        default -> true; // subscriptions: few, and named by name, not id
      };
    }
  }

  ProjectionReader read() {
    return projections.beginRead();
  }

  /** How many commits were replayed: those made at or before the instant. */
  long commits() {
    return commits;
  }

  @Override
  public void close() {
    try {
      projections.close();
    } finally {
      delete(scratch);
    }
  }

  private static void delete(Path dir) {
    try {
      FileTrees.delete(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the restore's scratch directory " + dir, e);
    }
  }
}
