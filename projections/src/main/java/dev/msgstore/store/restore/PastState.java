package dev.msgstore.store.restore;

import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.codec.EventType;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.Projections;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  static PastState replay(Journal journal, long atMicros, LongConsumer progress) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("msgstore-restore-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch directory for the restore", e);
    }
    Projections p = null;
    try {
      p = Projections.open(scratch.resolve("projections"));
      long n = p.replayUntil(journal, atMicros, RESTORED_EVENTS, progress);
      return new PastState(scratch, p, n);
    } catch (RuntimeException e) {
      if (p != null) {
        p.close();
      }
      delete(scratch);
      throw e;
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
