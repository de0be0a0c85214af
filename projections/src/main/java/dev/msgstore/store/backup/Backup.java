package dev.msgstore.store.backup;

import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.body.CorruptBodyException;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes a backup of a store to a {@link BackupOutput}: the state of one read view (a consistent
 * snapshot at one journal index, however long the backup takes), user by user. Bodies stream
 * through {@link Store#openMessage}, checked against their digest, one chunk at a time.
 */
public final class Backup {
  /** Told after each mailbox, for progress lines. */
  public interface Progress {
    void mailbox(String name, long messages, long bytes, long totalBytes);
  }

  /** What was written. */
  public record Summary(
      long journalIndex,
      long users,
      long mailboxes,
      long messages,
      long bodyBytes,
      long streamBytes,
      List<String> mailboxNames) {
    public Summary {
      mailboxNames = List.copyOf(mailboxNames);
    }
  }

  private final Store store;
  private final Clock clock;
  private final Progress progress;

  public Backup(Store store, Clock clock, Progress progress) {
    this.store = store;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Backs up {@code scope} from {@code view} (caught up, or as it is for {@code imsbackup -r}).
   * Mailbox and message records are written in name and UID order.
   */
  public Summary write(ProjectionReader view, BackupScope scope, BackupOutput out, String host)
      throws IOException {
    return write(view, scope, changesSince(view, scope.sinceMicros()), out, host);
  }

  /**
   * What the journal says changed from {@code sinceMicros} up to {@code view}'s index (null for 0:
   * a full backup), to share among many {@link #write(ProjectionReader, BackupScope, Changes,
   * BackupOutput, String) writes} of one view ({@code imsasm} writes one stream per mailbox).
   */
  public Changes changesSince(ProjectionReader view, long sinceMicros) {
    return sinceMicros > 0
        ? new Changes(JournalChanges.since(store.journal(), sinceMicros, view.stamp()))
        : null;
  }

  /** The journal's changes since a time, opaque but for whether a mailbox was touched. */
  public static final class Changes {
    private final JournalChanges changes;

    private Changes(JournalChanges changes) {
      this.changes = changes;
    }

    /** Whether the mailbox with this id changed (or came to be under its name) since then. */
    public boolean touched(long mailboxId) {
      return changes.touched.contains(mailboxId);
    }
  }

  /** As {@link #write(ProjectionReader, BackupScope, BackupOutput, String)}, with the changes. */
  public Summary write(
      ProjectionReader view, BackupScope scope, Changes since, BackupOutput out, String host)
      throws IOException {
    long index = view.stamp();
    JournalChanges changes = since == null ? null : since.changes;
    out.write(
        new BackupRecord.Header(
            BackupFormat.VERSION,
            CommitMeta.micros(clock.instant()),
            index,
            scope.sinceMicros(),
            scope.expunged(),
            host,
            scope.names()));
    // by owner: an account taken whole, and the single mailboxes of the others
    Map<String, List<String>> singles = new TreeMap<>();
    for (String name : scope.mailboxes()) {
      singles
          .computeIfAbsent(MailboxNames.ownerOf(name).orElse(""), k -> new ArrayList<>())
          .add(name);
    }
    TreeSet<String> owners = new TreeSet<>(scope.users());
    owners.addAll(singles.keySet());
    List<String> written = new ArrayList<>();
    long[] users = {0};
    for (String owner : owners) {
      boolean whole = scope.users().contains(owner);
      List<MailboxRecord> boxes = new ArrayList<>();
      if (whole) {
        boxes.addAll(view.mailboxes(MailboxNames.USER_PREFIX + owner + "/"));
        // the INBOX first: a folder restored before it would make an INBOX of its own
        String inbox = MailboxNames.inboxOf(owner);
        boxes.sort(java.util.Comparator.comparing((MailboxRecord m) -> !m.name().equals(inbox)));
      } else {
        for (String name : new TreeSet<>(singles.get(owner))) {
          view.mailbox(name).ifPresent(boxes::add);
        }
      }
      if (whole && changes != null) {
        // first: a name deleted and made again since the base is a new mailbox under it
        for (String gone : new TreeSet<>(changes.gone)) {
          if (MailboxNames.ownerOf(gone).map(owner::equals).orElse(false)) {
            out.write(new BackupRecord.Gone(gone));
          }
        }
      }
      for (MailboxRecord m : boxes) {
        boolean delta = changes != null && !changes.whole.contains(m.id());
        if (changes != null && !changes.touched.contains(m.id())) {
          continue; // unchanged since the base
        }
        writeMailbox(view, m, delta, changes, scope.expunged(), out);
        written.add(m.name());
      }
      if (whole) {
        writeUser(view, owner, out);
        users[0]++;
      }
    }
    BackupRecord.Trailer t = out.finish();
    return new Summary(
        index, users[0], t.mailboxes(), t.messages(), t.bodyBytes(), out.written(), written);
  }

  /**
   * A stream of one account record alone (status, quota limits, subscriptions) with none of its
   * mailboxes: {@code imsasm}'s record of a user's directory, whose mailboxes are records of their
   * own.
   */
  public Summary writeAccount(ProjectionReader view, String owner, BackupOutput out, String host)
      throws IOException {
    out.write(
        new BackupRecord.Header(
            BackupFormat.VERSION,
            CommitMeta.micros(clock.instant()),
            view.stamp(),
            0,
            false,
            host,
            List.of(MailboxNames.USER_PREFIX + owner)));
    writeUser(view, owner, out);
    out.finish();
    return new Summary(view.stamp(), 1, 0, 0, 0, out.written(), List.of());
  }

  private void writeUser(ProjectionReader view, String owner, BackupOutput out) throws IOException {
    QuotaRecord q = view.quota(owner);
    var user = view.user(owner);
    List<String> subscriptions =
        view.subscriptions(owner).stream().map(Subscription::mailbox).sorted().toList();
    out.write(
        new BackupRecord.User(
            owner,
            user.map(u -> u.partition()).orElse(""),
            user.map(u -> u.status()).orElse("active"),
            q.limitBytes(),
            q.limitMessages(),
            subscriptions));
  }

  private void writeMailbox(
      ProjectionReader view,
      MailboxRecord m,
      boolean delta,
      JournalChanges changes,
      boolean expunged,
      BackupOutput out)
      throws IOException {
    List<BackupRecord.Acl> acl = new ArrayList<>();
    for (AclEntry e : view.acl(m.id())) {
      acl.add(new BackupRecord.Acl(e.identifier(), e.rights()));
    }
    out.write(
        new BackupRecord.Mailbox(
            m.name(), m.partition(), m.uidValidity(), m.uidNext(), delta, acl));
    long[] counts = new long[3]; // messages, kept, bytes
    // live and expunged messages merged in UID order, so a restore appends them in order
    List<ExpungedMessage> gone = expunged ? view.expunged(m.id()) : List.of();
    int[] next = {0};
    try {
      view.forEachMessage(
          m.id(),
          0,
          msg -> {
            while (next[0] < gone.size() && gone.get(next[0]).message().uid() < msg.uid()) {
              message(m, gone.get(next[0]++).message(), true, delta, changes, out, counts);
            }
            message(m, msg, false, delta, changes, out, counts);
            return true;
          });
      while (next[0] < gone.size()) {
        message(m, gone.get(next[0]++).message(), true, delta, changes, out, counts);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.write(new BackupRecord.MailboxEnd(m.name(), counts[0], counts[1], counts[2]));
    if (progress != null) {
      progress.mailbox(m.name(), counts[0] + counts[1], counts[2], out.written());
    }
  }

  private void message(
      MailboxRecord m,
      MessageRecord msg,
      boolean expunged,
      boolean delta,
      JournalChanges changes,
      BackupOutput out,
      long[] counts) {
    try {
      if (delta && !changes.appendedSince(m.id(), msg.uid())) {
        out.write(
            new BackupRecord.Kept(msg.uid(), msg.digest(), msg.flags(), msg.keywords(), expunged));
        counts[1]++;
        return;
      }
      out.write(
          new BackupRecord.Message(
              msg.uid(),
              msg.digest(),
              msg.size(),
              msg.headerSize(),
              msg.internalDate(),
              msg.sentDate(),
              msg.flags(),
              msg.keywords(),
              Optional.ofNullable(msg.messageId()).orElse(""),
              expunged));
      try (InputStream body = store.openMessage(m, msg)) {
        out.writeBody(body, msg.size());
      }
      counts[0]++;
      counts[2] += msg.size();
    } catch (CorruptBodyException e) {
      throw new UncheckedIOException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
