package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.QuotaEvent;
import dev.msgstore.journal.event.SessionEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.journal.event.SystemFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A generated audit history, seeded: mailboxes created, renamed (sometimes to another user),
 * deleted; flags stored, ACLs, subscriptions, quotas, logins and shared-mailbox reads, by several
 * actors (some through sudo). Written straight to the journal in batches that wait for the disk
 * once, so that 10M commits take seconds, not hours. One user, {@link #NEEDLE}, has exactly {@code
 * needleCommits} commits spread evenly: the audit bench's filter that matches a known number.
 */
public final class AuditJournal {
  public static final String NEEDLE = "needle";
  private static final List<Set<SystemFlag>> FLAGS =
      List.of(Set.of(SystemFlag.SEEN), Set.of(), Set.of(SystemFlag.FLAGGED, SystemFlag.SEEN));
  private static final String[] SUDO = {"alice (sudo as root)", "root", "bob (sudo as mailsrv)"};

  private final Random rnd;
  private final int users;
  private final Author[] userAuthors;
  private final Author admin = new Author("admin", "mboxutil", "mailhost", 1);
  private final Author mta = new Author("mta", "deliver", "mailhost", 2);
  private final Author[] sudo = new Author[SUDO.length];
  private final List<Long> liveIds = new ArrayList<>();
  private final List<String> liveNames = new ArrayList<>();
  private final List<String> anyNames = new ArrayList<>();
  private long nextId = 1;
  private long needleId;
  private long written;

  public AuditJournal(long seed, int users) {
    this.rnd = new Random(seed);
    this.users = users;
    userAuthors = new Author[users];
    for (int u = 0; u < users; u++) {
      userAuthors[u] = new Author(user(u), "imap: STORE", "mailhost", 3);
    }
    for (int i = 0; i < SUDO.length; i++) {
      sudo[i] = new Author(SUDO[i], "mboxutil -d", "mailhost", 4);
    }
  }

  static String user(int u) {
    return "u" + u;
  }

  /**
   * Writes {@code commits} commits to {@code journal}, of which {@code needleCommits} (≥ 1, placed
   * evenly; 0: none) concern {@link #NEEDLE} and no other user; returns how many commits this
   * generator has written in all.
   */
  public long write(Journal journal, long commits, long needleCommits) {
    long every = needleCommits == 0 ? Long.MAX_VALUE : Math.max(1, commits / needleCommits);
    long needles = 0;
    long last = Journal.NO_INDEX;
    for (long i = 0; i < commits; i++) {
      Author who;
      List<Event> events;
      if (needles < needleCommits && i % every == 0) {
        who = mta;
        if (needleId == 0) {
          needleId = nextId++;
          events = List.of(new MailboxEvent.Created(needleId, "user/needle/INBOX", "primary", 7));
        } else {
          events = List.of(new MessageEvent.FlagsStored(needleId, i, FLAGS.get(0), List.of()));
        }
        needles++;
      } else {
        int u = rnd.nextInt(users);
        who = userAuthors[u];
        events = commit(u);
        if (events == null) {
          who = rnd.nextInt(4) == 0 ? sudo[rnd.nextInt(sudo.length)] : admin;
          events = adminCommit(u);
        }
      }
      List<Event> e = events;
      last = journal.write(who, () -> e);
      if (++written % 4096 == 0) {
        journal.awaitDurable(last);
      }
    }
    if (last != Journal.NO_INDEX) {
      journal.awaitDurable(last);
    }
    return written;
  }

  /** A user's own commit (flags, subscriptions, logins), or null for an administrator's. */
  private List<Event> commit(int u) {
    int kind = rnd.nextInt(100);
    if (liveIds.isEmpty() || kind >= 80) {
      return null;
    }
    int m = rnd.nextInt(liveIds.size());
    long id = liveIds.get(m);
    if (kind < 65) {
      return List.of(
          new MessageEvent.FlagsStored(
              id, 1 + rnd.nextInt(1000), FLAGS.get(rnd.nextInt(FLAGS.size())), List.of()));
    }
    if (kind < 70) {
      return List.of(new SessionEvent.UserAccessed(user(u), "imap", "192.0.2.1", true));
    }
    if (kind < 75) {
      String name = anyNames.get(rnd.nextInt(anyNames.size()));
      return List.of(
          rnd.nextBoolean()
              ? new SubscriptionEvent.Subscribed(user(u), name)
              : new SubscriptionEvent.Unsubscribed(user(u), name));
    }
    // a shared read, of a mailbox that may be deleted by now: its name is its last one
    long any = 1 + (long) rnd.nextInt((int) Math.min(Integer.MAX_VALUE - 1, nextId - 1));
    if (any == needleId) {
      return List.of(new SessionEvent.UserAccessed(user(u), "pop", "192.0.2.2", true));
    }
    return List.of(
        rnd.nextBoolean()
            ? new SessionEvent.SharedMailboxAccessed(any, user(u))
            : new SessionEvent.SharedAccessForgotten(any, user(u)));
  }

  private List<Event> adminCommit(int u) {
    int kind = rnd.nextInt(100);
    if (liveIds.isEmpty() || kind < 35) {
      long id = nextId++;
      String name = "user/" + user(u) + (rnd.nextInt(3) == 0 ? "/INBOX" : "/f" + id);
      liveIds.add(id);
      liveNames.add(name);
      anyNames.add(name);
      if (rnd.nextInt(5) == 0) {
        // two events in one commit: the second names the mailbox by the id the first created
        return List.of(
            new MailboxEvent.Created(id, name, "primary", id),
            new AclEvent.EntrySet(id, user(rnd.nextInt(users)), "lrs"));
      }
      return List.of(new MailboxEvent.Created(id, name, "primary", id));
    }
    int m = rnd.nextInt(liveIds.size());
    long id = liveIds.get(m);
    String name = liveNames.get(m);
    if (kind < 50) {
      String to = "user/" + user(rnd.nextInt(users)) + "/r" + nextId++;
      liveNames.set(m, to);
      anyNames.add(to);
      return List.of(
          new MailboxEvent.Renamed(id, name, to, "primary", "primary"),
          new MessageEvent.FlagsStored(id, 1, FLAGS.get(0), List.of()));
    }
    if (kind < 60) {
      liveIds.set(m, liveIds.get(liveIds.size() - 1));
      liveNames.set(m, liveNames.get(liveNames.size() - 1));
      liveIds.remove(liveIds.size() - 1);
      liveNames.remove(liveNames.size() - 1);
      return List.of(new MailboxEvent.Deleted(id, name));
    }
    if (kind < 80) {
      String who = rnd.nextInt(10) == 0 ? "anyone" : user(rnd.nextInt(users));
      return List.of(
          rnd.nextBoolean()
              ? new AclEvent.EntrySet(id, who, "lrswi")
              : new AclEvent.EntryRemoved(id, who));
    }
    return List.of(new QuotaEvent.LimitSet(user(u), 1L << 30, 10_000));
  }
}
