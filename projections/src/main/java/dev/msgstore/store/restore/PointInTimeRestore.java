package dev.msgstore.store.restore;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.AclEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.journal.event.SubscriptionEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RestoreMailbox;
import dev.msgstore.store.command.RestorePointInTime;
import dev.msgstore.store.command.Subscribe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Point-in-time restore ({@code msgstore restore --at}): sets the named mailboxes back to what they
 * were at an instant. The journal is replayed up to the instant into a scratch projection ({@link
 * PastState}), compared with the store now, and the difference written as ordinary new commits, one
 * per mailbox ({@link RestorePointInTime}), each naming the restore and its instant in its origin:
 * history is never rewritten, and a restore is itself undone by restoring to just before it.
 *
 * <ul>
 *   <li>A mailbox that still exists keeps its UIDVALIDITY and the messages it still holds (their
 *       flags and keywords set back); the messages it held then and holds no longer come back under
 *       new UIDs after its last, and those that came later are expunged (restorable as any expunged
 *       message until purged). UIDs only grow, so a connected client sees new messages, expunges
 *       and flag changes, never a UIDVALIDITY change.
 *   <li>A mailbox that is gone (deleted, or renamed away) comes back as a new mailbox: a new id and
 *       a new UIDVALIDITY, its messages numbered from UID 1 in their old order. Its old UIDVALIDITY
 *       cannot be taken again: another mailbox may have had the name since, and a client that
 *       cached the old one must not take its UIDs as valid (RFC 3501 2.3.1.1). A connected client
 *       sees a new mailbox in LIST and fetches it whole.
 *   <li>A selected mailbox that did not exist at the instant is deleted.
 *   <li>ACLs are set to the entries of then; subscriptions of the owner and of every identifier in
 *       the ACL (then or now) to the mailbox are set back.
 *   <li>A message whose body is no longer stored (purged, its space reclaimed) cannot come back: it
 *       is listed by UID, Message-ID and size.
 * </ul>
 *
 * Quota is not checked: an administrator's restore puts back what the account held.
 */
public final class PointInTimeRestore {
  private PointInTimeRestore() {}

  /**
   * What to restore: the instant (µs since the epoch), the names ({@link Selection}), and the
   * folder to restore into beside the originals (null: into the originals).
   */
  public record Request(long atMicros, List<String> names, String into) {
    public Request {
      names = List.copyOf(names);
    }
  }

  /**
   * The journal cycles journalarchive moved out of the journal, opened for the replay: the history
   * before the journal's first commit, without which the state at an instant would be computed from
   * part of it.
   */
  private record Archive(JournalArchive.Opened opened) implements AutoCloseable {
    static Archive of(Store store) {
      List<Path> dirs = store.journalArchiveDirs();
      try {
        for (Path dir : dirs) {
          if (!JournalArchive.cycles(dir).isEmpty()) {
            return new Archive(JournalArchive.open(dirs));
          }
        }
        return new Archive(null);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the journal archive in " + dirs, e);
      }
    }

    List<Journal> then(Journal live) {
      return opened == null ? List.of(live) : List.of(opened.journal(), live);
    }

    @Override
    public void close() {
      if (opened != null) {
        opened.close();
      }
    }
  }

  /** One commit to make: the mailbox it restores, its name then, and the command. */
  private record Step(String target, String from, RestorePointInTime command) {}

  /**
   * Restores {@code request}, or in a dry run store decides each commit and writes none. {@code
   * progress} is told what a long restore is doing.
   */
  public static RestoreResult run(
      Store store, Author author, Request request, Consumer<String> progress) {
    List<Selection> selections = Selection.of(request.names());
    Into into = Into.of(request.into());
    Instant at = Instant.EPOCH.plus(request.atMicros(), ChronoUnit.MICROS);
    List<Step> steps = new ArrayList<>();
    List<LostMessage> lost = new ArrayList<>();
    long commits;
    long[] t0 = started();
    try (Archive archive = Archive.of(store);
        PastState past =
            PastState.replay(
                archive.then(store.journal()),
                request.atMicros(),
                selections.stream().map(Selection::historyPrefix).toList(),
                n -> progress.accept("restore: replayed " + n + " commits"))) {
      commits = past.commits();
      progress.accept(
          "restore: the store as at " + at + ": " + commits + " commits replayed in " + since(t0));
      long[] t1 = started();
      try (ProjectionReader then = past.read();
          ProjectionReader now = store.read()) {
        plan(store, then, now, selections, into, at, steps, lost);
      }
      progress.accept("restore: " + steps.size() + " mailboxes compared with now in " + since(t1));
    }
    long[] t2 = started();
    List<MailboxRestore> done = new ArrayList<>();
    int n = 0;
    for (Step s : steps) {
      Author by =
          new Author(
              author.actor(),
              author.origin() + " [restore of " + s.from() + " as at " + at + "]",
              author.host(),
              author.pid());
      Outcome o = store.execute(by, s.command());
      done.add(summary(s, o));
      if (++n % 100 == 0) {
        progress.accept("restore: " + n + " of " + steps.size() + " mailboxes");
      }
    }
    progress.accept("restore: " + steps.size() + " mailboxes decided and written in " + since(t2));
    return new RestoreResult(at, commits, done, lost, store.isDryRun());
  }

  /** Now, in wall and this thread's CPU nanoseconds. */
  private static long[] started() {
    return new long[] {
      System.nanoTime(),
      java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
    };
  }

  private static String since(long[] start) {
    long[] now = started();
    return String.format(
        "%.2f s (%.2f s CPU)", (now[0] - start[0]) / 1e9, (now[1] - start[1]) / 1e9);
  }

  private static void plan(
      Store store,
      ProjectionReader then,
      ProjectionReader now,
      List<Selection> selections,
      Into into,
      Instant at,
      List<Step> steps,
      List<LostMessage> lost) {
    TreeMap<String, MailboxRecord> was = new TreeMap<>();
    for (Selection sel : selections) {
      boolean[] any = {false};
      then.forEachMailbox(
          sel.scanPrefix(),
          m -> {
            if (sel.selects(m.name())) {
              was.put(m.name(), m);
              any[0] = true;
            }
            return true;
          });
      if (!any[0]) {
        throw Rejected.notFound("no mailbox matches " + sel.given() + " at " + at);
      }
    }
    Set<String> targets = new HashSet<>();
    for (MailboxRecord m : was.values()) {
      String target = into.map(m.name());
      targets.add(target);
      steps.add(restoreStep(store, then, now, m, target, lost));
    }
    TreeSet<String> extra = new TreeSet<>();
    for (Selection sel : selections) {
      now.forEachMailbox(
          into.mapPrefix(sel.scanPrefix()),
          m -> {
            String from = into.unmap(m.name());
            if (from != null && sel.selects(from) && !targets.contains(m.name())) {
              extra.add(m.name());
            }
            return true;
          });
    }
    for (String target : extra.descendingSet()) {
      MailboxRecord m = now.mailbox(target).orElseThrow();
      String from = into.unmap(target);
      Set<String> users = users(target, List.of(), now.acl(m.id()));
      steps.add(
          new Step(
              target,
              from,
              new RestorePointInTime(
                  target, null, Map.of(), subscriptions(then, now, users, from, target))));
    }
  }

  private static Step restoreStep(
      Store store,
      ProjectionReader then,
      ProjectionReader now,
      MailboxRecord m,
      String target,
      List<LostMessage> lost) {
    MailboxRecord present = now.mailbox(target).orElse(null);
    String partition = present != null ? present.partition() : partitionFor(now, target);
    Map<Digest, Integer> held = new HashMap<>();
    if (present != null) {
      now.forEachMessage(
          present.id(),
          0,
          msg -> {
            held.merge(msg.digest(), 1, Integer::sum);
            return true;
          });
    }
    List<RestoreMailbox.Item> items = new ArrayList<>();
    long[] uid = {1};
    then.forEachMessage(
        m.id(),
        0,
        msg -> {
          Integer n = held.get(msg.digest());
          if (n != null && n > 0) {
            held.put(msg.digest(), n - 1);
          } else if (!bodyIn(store, partition, m.partition(), msg.digest())) {
            lost.add(new LostMessage(m.name(), msg.uid(), msg.messageId(), msg.size()));
            return true;
          }
          items.add(item(uid[0]++, msg));
          return true;
        });
    RestoreMailbox contents =
        new RestoreMailbox(
            target,
            null,
            0, // a mailbox that comes back gets a UIDVALIDITY of its own
            uid[0],
            Map.of(),
            items,
            RestoreMailbox.Mode.MERGE,
            false,
            true,
            true,
            false,
            null);
    Map<String, String> acl = new TreeMap<>();
    List<AclEntry> aclThen = then.acl(m.id());
    for (AclEntry e : aclThen) {
      acl.put(e.identifier(), e.rights());
    }
    List<AclEntry> aclNow = present == null ? List.of() : now.acl(present.id());
    Set<String> users = users(m.name(), aclThen, aclNow);
    users.addAll(users(target, List.of(), List.of()));
    return new Step(
        target,
        m.name(),
        new RestorePointInTime(
            target, contents, acl, subscriptions(then, now, users, m.name(), target)));
  }

  /**
   * Whether the body is in {@code partition}, where the restored message goes; one still in the
   * partition the mailbox had then (the account moved since) is copied over first.
   */
  private static boolean bodyIn(Store store, String partition, String thenPartition, Digest d) {
    if (store.bodies(partition).contains(d)) {
      return true;
    }
    if (thenPartition.equals(partition)
        || !store.partitions().exists(thenPartition)
        || !store.bodies(thenPartition).contains(d)) {
      return false;
    }
    try (InputStream in = store.openBody(thenPartition, d)) {
      store.putBody(partition, in);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy body " + d + " to partition " + partition, e);
    }
  }

  /** The partition a mailbox that comes back is created in: its owner's, as for any new one. */
  private static String partitionFor(ProjectionReader now, String name) {
    return MailboxNames.ownerOf(name)
        .flatMap(now::user)
        .map(UserRecord::partition)
        .orElse(Partitions.DEFAULT);
  }

  /** Who may have subscribed to a mailbox: its owner and the identifiers in its ACL. */
  private static Set<String> users(String name, List<AclEntry> a, List<AclEntry> b) {
    Set<String> users = new TreeSet<>();
    MailboxNames.ownerOf(name).ifPresent(users::add);
    for (List<AclEntry> acl : List.of(a, b)) {
      for (AclEntry e : acl) {
        if (!e.identifier().startsWith("-")) {
          users.add(e.identifier());
        }
      }
    }
    return users;
  }

  private static List<Subscribe> subscriptions(
      ProjectionReader then, ProjectionReader now, Set<String> users, String from, String target) {
    List<Subscribe> out = new ArrayList<>();
    for (String u : users) {
      boolean was = from != null && then.isSubscribed(u, from);
      if (was != now.isSubscribed(u, target)) {
        out.add(new Subscribe(u, target, was));
      }
    }
    return out;
  }

  private static RestoreMailbox.Item item(long uid, MessageRecord m) {
    return new RestoreMailbox.Item(
        uid,
        m.digest(),
        m.size(),
        m.headerSize(),
        m.internalDate(),
        m.sentDate(),
        m.flags(),
        m.keywords(),
        m.messageId(),
        false,
        true);
  }

  private static MailboxRestore summary(Step s, Outcome o) {
    boolean created = false;
    boolean deleted = false;
    long validity = 0;
    int back = 0;
    int expunged = 0;
    int flags = 0;
    int acl = 0;
    int subs = 0;
    for (Event e : o.events()) {
      switch (e) {
        case MailboxEvent.Created c when c.name().equals(s.target()) -> {
          created = true;
          validity = c.uidValidity();
        }
        case MailboxEvent.Deleted d -> deleted = true;
        case MessageEvent.Appended a -> back++;
        case MessageEvent.Expunged x -> expunged += x.uids().size();
        case MessageEvent.FlagsStored f -> flags++;
        case AclEvent a -> acl++;
        case SubscriptionEvent x -> subs++;
        default -> {}
      }
    }
    return new MailboxRestore(
        s.target(),
        s.from(),
        created,
        deleted,
        validity,
        back,
        expunged,
        flags,
        acl,
        subs,
        o.wroteNothing() ? -1 : o.index());
  }
}
