package dev.msgstore.services.imap.session;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal tail that feeds the selected views (STYLE.md): one cursor for the whole IMAP
 * component, read by its own thread every few milliseconds and by a session that has just committed
 * and wants its own change before it answers. Each commit's message and mailbox events go to the
 * views watching that mailbox, with the commit's index, in journal order.
 */
public final class MailboxChanges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MailboxChanges.class);
  private static final long POLL_MILLIS = 10;

  /** A view's side: takes the events of one commit that concern its mailbox. */
  public interface Listener {
    void committed(long index, List<Event> events);
  }

  private final Journal journal;
  private final JournalCursor cursor;
  private final Map<Long, Set<Listener>> watchers = new ConcurrentHashMap<>();
  private final Object reading = new Object();
  private volatile long delivered;
  private volatile boolean closed;
  private final Thread tail;

  public MailboxChanges(Store store) {
    this.journal = store.journal();
    this.delivered = journal.lastIndex();
    this.cursor = journal.cursor();
    cursor.seekAfter(delivered);
    this.tail = Thread.ofPlatform().name("msgstore-imap-tail").daemon().start(this::poll);
  }

  /**
   * Starts sending {@code listener} the commits for {@code mailboxId}; returns the index delivered
   * so far: every later commit reaches the listener.
   */
  public long watch(long mailboxId, Listener listener) {
    synchronized (reading) {
      skipToEndIfUnwatched(); // nobody read on while no view watched: the first starts at the end
      watchers.computeIfAbsent(mailboxId, k -> new CopyOnWriteArraySet<>()).add(listener);
      return delivered;
    }
  }

  public void unwatch(long mailboxId, Listener listener) {
    watchers.computeIfPresent(
        mailboxId,
        (k, set) -> {
          set.remove(listener);
          return set.isEmpty() ? null : set;
        });
  }

  /** Reads and delivers every commit written so far, then returns the last index delivered. */
  public long pump() {
    synchronized (reading) {
      if (closed) {
        return delivered;
      }
      if (watchers.isEmpty()) {
        // No view watches (no IMAP session has a mailbox selected): nobody needs the commits
        // written since the last look, so none is read (under an LMTP load this tail read and
        // checked every delivery for nobody, 100 times a second). The first watch moves the
        // cursor to the journal's end under this lock, and gets every commit after it.
        return delivered;
      }
      for (Commit c; (c = cursor.next(CommitCodec.ALL_EVENTS)) != null; ) {
        deliver(c);
        delivered = c.index();
      }
      return delivered;
    }
  }

  /**
   * Under {@code reading}: while no view watches, moves the cursor past the journal's last complete
   * commit. Whether a view watches is asked under the lock, as {@link #watch} adds one under it: a
   * view that started watching at the end must not have the commits after that skipped.
   */
  private void skipToEndIfUnwatched() {
    if (closed || !watchers.isEmpty()) {
      return;
    }
    long end = journal.lastIndex();
    if (end != Journal.NO_INDEX && end > delivered) {
      cursor.seekAfter(end);
      delivered = end;
    }
  }

  /** Returns once the commit at {@code index} (one this process wrote) has been delivered. */
  public void awaitDelivered(long index) {
    if (index == Journal.NO_INDEX) {
      return;
    }
    for (int i = 0; delivered < index && !closed; i++) {
      if (watchers.isEmpty()) {
        synchronized (reading) {
          skipToEndIfUnwatched(); // no view to tell: only where the journal ends matters
        }
      }
      pump();
      if (delivered < index) {
        Thread.onSpinWait();
        if (i > 100) {
          sleep(1);
        }
      }
    }
  }

  private void deliver(Commit c) {
    if (watchers.isEmpty()) {
      return;
    }
    Map<Long, List<Event>> byMailbox = new LinkedHashMap<>();
    for (Event e : c.events()) {
      long id;
      if (e instanceof MessageEvent m) {
        id = m.mailboxId();
      } else if (e instanceof MailboxEvent.Deleted d) {
        id = d.mailboxId();
      } else if (e instanceof AclEvent a) {
        id = a.mailboxId();
      } else {
        continue;
      }
      if (watchers.containsKey(id)) {
        byMailbox.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
      }
    }
    byMailbox.forEach(
        (id, events) -> {
          Set<Listener> set = watchers.get(id);
          if (set != null) {
            for (Listener l : set) {
              l.committed(c.index(), events);
            }
          }
        });
  }

  private void poll() {
    while (!closed) {
      try {
        pump();
      } catch (RuntimeException e) {
        if (!closed) {
          LOG.error("imap: the journal tail failed: {}", e.toString());
        }
      }
      sleep(POLL_MILLIS);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      tail.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (reading) {
      cursor.close();
    }
  }
}
