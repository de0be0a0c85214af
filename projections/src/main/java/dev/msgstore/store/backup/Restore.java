package dev.msgstore.store.backup;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.body.BodyStore;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.body.StagedBody;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.DeleteMailbox;
import dev.msgstore.store.command.RestoreAccount;
import dev.msgstore.store.command.RestoreMailbox;
import dev.msgstore.store.command.RestoreMailbox.Item;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores a backup stream into a store: one commit per mailbox ({@link RestoreMailbox}), whose
 * bodies are staged as its records stream by (checked against their digest) and made durable
 * together before that commit. A stream that fails stops the restore at the frame that failed,
 * naming the mailbox it was in; every mailbox committed before it stands, whole, and the bodies
 * staged for the one cut short are named by no commit (a purge reclaims them).
 */
public final class Restore {
  /** Told of each mailbox and account as it is done. */
  public interface Listener {
    void restored(RestoredMailbox mailbox);

    void account(String userId, long events);
  }

  /**
   * What became of one backed-up mailbox: restored as {@code target} (null when skipped), how many
   * messages were appended, and, when it was refused, why.
   */
  public record RestoredMailbox(
      String backedUp, String target, long messages, long bytes, long events, String refused) {}

  /** Thrown when the stream fails: where the restore stopped. */
  public static final class Stopped extends IOException {
    private static final long serialVersionUID = 1L;
    private final String mailbox;
    private final String user;

    Stopped(String user, String mailbox, BackupStreamException cause) {
      super(
          "restore stopped"
              + (mailbox != null
                  ? " in user " + (user == null ? "-" : user) + ", folder " + mailbox
                  : user != null ? " at user " + user : "")
              + ": "
              + cause.getMessage()
              + "; the mailboxes restored before it are complete",
          cause);
      this.mailbox = mailbox;
      this.user = user;
    }

    public String mailbox() {
      return mailbox;
    }

    public String user() {
      return user;
    }
  }

  private final Store store;
  private final Author author;
  private final RestorePlan plan;
  private final Listener listener;
  private final Map<String, Boolean> accountsBefore = new HashMap<>();

  public Restore(Store store, Author author, RestorePlan plan, Listener listener) {
    this.store = store;
    this.author = author;
    this.plan = plan;
    this.listener = listener;
  }

  /** Restores what {@code in} holds after its header (already read); returns the mailboxes. */
  public List<RestoredMailbox> run(BackupInput in, BackupRecord.Header header) throws IOException {
    List<RestoredMailbox> done = new ArrayList<>();
    String user = null;
    String mailbox = null;
    try {
      for (BackupRecord r = in.next(); r != null; r = in.next()) {
        switch (r) {
          case BackupRecord.Mailbox m -> {
            mailbox = m.name();
            user = MailboxNames.ownerOf(m.name()).orElse(null);
            done.add(mailbox(in, header, m));
            mailbox = null;
          }
          case BackupRecord.Gone g -> gone(header, g);
          case BackupRecord.User u -> {
            user = u.userId();
            account(header, u);
          }
          default ->
              throw new BackupStreamException(in.frame(), "a record out of place: " + r.getClass());
        }
      }
    } catch (BackupStreamException e) {
      throw new Stopped(user, mailbox, e);
    }
    return done;
  }

  private RestoredMailbox mailbox(
      BackupInput in, BackupRecord.Header header, BackupRecord.Mailbox m) throws IOException {
    String target =
        plan.selected().test(m.name(), m.partition()) ? plan.rename().apply(m.name()) : null;
    MailboxRecord existing = null;
    if (target != null) {
      try (ProjectionReader r = store.read()) {
        existing = r.mailbox(MailboxNames.canonical(target)).orElse(null);
        MailboxNames.ownerOf(target)
            .ifPresent(o -> accountsBefore.computeIfAbsent(o, k -> r.user(k).isPresent()));
        if (existing != null && !m.delta() && plan.skipExisting()) {
          target = null;
        } else if (existing != null && !m.delta() && plan.datedFolder()) {
          target = dated(r, target, header.createdMicros());
          existing = null;
        }
      }
    }
    if (target == null) {
      skipMailbox(in);
      RestoredMailbox skipped = new RestoredMailbox(m.name(), null, 0, 0, 0, null);
      listener.restored(skipped);
      return skipped;
    }
    String partition = partitionFor(target, existing, m);
    BodyStore bodies = store.bodies(partition);
    List<Item> items = new ArrayList<>();
    List<StagedBody> staged = new ArrayList<>();
    long bytes = 0;
    long messages = 0;
    long kept = 0;
    for (BackupRecord r = in.next(); ; r = in.next()) {
      if (r == null) {
        throw new BackupStreamException(in.frame(), "the stream ends inside a mailbox");
      }
      if (r instanceof BackupRecord.MailboxEnd end) {
        if (end.messages() != messages || end.kept() != kept || end.bytes() != bytes) {
          throw new BackupStreamException(
              in.frame(), "the mailbox's end does not match its records: some are missing");
        }
        break;
      }
      switch (r) {
        case BackupRecord.Message g -> {
          if (!bodies.contains(g.digest())) {
            StagedBody s = bodies.stage(in.body());
            if (!s.body().digest().equals(g.digest()) || s.body().size() != g.size()) {
              throw new BackupStreamException(
                  in.frame(), "the body of UID " + g.uid() + " does not match its digest");
            }
            staged.add(s);
          }
          items.add(
              new Item(
                  g.uid(),
                  g.digest(),
                  g.size(),
                  g.headerSize(),
                  g.internalDate(),
                  g.sentDate(),
                  g.flags(),
                  g.keywords(),
                  g.messageId(),
                  g.expunged(),
                  true));
          messages++;
          bytes += g.size();
        }
        case BackupRecord.Kept k -> {
          items.add(
              new Item(
                  k.uid(),
                  k.digest(),
                  0,
                  0,
                  0,
                  0,
                  k.flags(),
                  k.keywords(),
                  "",
                  k.expunged(),
                  false));
          kept++;
        }
        default ->
            throw new BackupStreamException(in.frame(), "a record out of place in a mailbox");
      }
    }
    Digest placeholder = null;
    long last = items.isEmpty() ? 0 : items.get(items.size() - 1).uid();
    if (m.uidNext() > last + 1) {
      StagedBody empty = bodies.stage(InputStream.nullInputStream());
      staged.add(empty);
      placeholder = empty.body().digest();
    }
    Map<String, String> acl = new LinkedHashMap<>();
    for (BackupRecord.Acl a : m.acl()) {
      acl.put(plan.renameUser().apply(a.identifier()), a.rights());
    }
    RestoreMailbox command =
        new RestoreMailbox(
            target,
            existing == null ? partition : null,
            m.uidValidity(),
            m.uidNext(),
            acl,
            items,
            m.delta() ? RestoreMailbox.Mode.DELTA : RestoreMailbox.Mode.MERGE,
            plan.ignoreExisting(),
            plan.update(),
            plan.ignoreQuota(),
            header.expunged(),
            placeholder);
    RestoredMailbox result;
    try {
      Outcome o = store.execute(author, command, staged);
      long appended =
          o.eventsOf(dev.msgstore.journal.event.MessageEvent.Appended.class).stream()
              .filter(a -> a.size() > 0 || !a.digest().equals(command.placeholder()))
              .count();
      result = new RestoredMailbox(m.name(), target, appended, bytes, o.events().size(), null);
    } catch (Rejected e) {
      result = new RestoredMailbox(m.name(), target, 0, 0, 0, e.getMessage());
    }
    listener.restored(result);
    return result;
  }

  private void skipMailbox(BackupInput in) throws IOException {
    for (BackupRecord r = in.next(); !(r instanceof BackupRecord.MailboxEnd); r = in.next()) {
      if (r == null || r instanceof BackupRecord.Mailbox || r instanceof BackupRecord.User) {
        throw new BackupStreamException(in.frame(), "a mailbox without its end");
      }
    }
  }

  /** Where a new mailbox's bodies go: as {@link RestoreMailbox} will place it. */
  private String partitionFor(String target, MailboxRecord existing, BackupRecord.Mailbox m) {
    if (existing != null) {
      return existing.partition();
    }
    if (plan.partition() != null) {
      requirePartition(plan.partition());
      return plan.partition();
    }
    if (plan.originalPartition()) {
      requirePartition(m.partition());
      return m.partition();
    }
    return store.partitionOf(target);
  }

  private void requirePartition(String name) {
    if (!store.partitions().exists(name)) {
      throw Rejected.notFound("no such partition: " + name);
    }
  }

  /** {@code name-YYYYMMDD} from the backup's date, or {@code -2}, {@code -3}… if that exists. */
  private static String dated(ProjectionReader r, String name, long micros) {
    String day =
        DateTimeFormatter.BASIC_ISO_DATE
            .withZone(ZoneOffset.UTC)
            .format(Instant.ofEpochSecond(micros / 1_000_000));
    String base = name + "-" + day.substring(0, 8);
    String candidate = base;
    for (int n = 2; r.mailbox(MailboxNames.canonical(candidate)).isPresent(); n++) {
      candidate = base + "-" + n;
    }
    return candidate;
  }

  /** An incremental's mailbox gone since its base: deleted here too. */
  private void gone(BackupRecord.Header header, BackupRecord.Gone g) {
    if (!header.incremental() || !plan.selected().test(g.name(), "")) {
      return;
    }
    String target = plan.rename().apply(g.name());
    try (ProjectionReader r = store.read()) {
      if (target == null || r.mailbox(MailboxNames.canonical(target)).isEmpty()) {
        return;
      }
    }
    Outcome o = store.execute(author, new DeleteMailbox(target));
    listener.restored(new RestoredMailbox(g.name(), target, 0, 0, o.events().size(), "deleted"));
  }

  private void account(BackupRecord.Header header, BackupRecord.User u) {
    String inbox = MailboxNames.inboxOf(u.userId());
    if (!plan.selected().test(inbox, u.partition())) {
      return;
    }
    String target = plan.rename().apply(inbox);
    String userId = target == null ? null : MailboxNames.ownerOf(target).orElse(null);
    if (userId == null) {
      return;
    }
    List<String> subscriptions = new ArrayList<>();
    for (String s : u.subscriptions()) {
      String mapped = plan.rename().apply(s);
      subscriptions.add(mapped == null ? s : mapped);
    }
    boolean existed = accountsBefore.getOrDefault(userId, false);
    String partition =
        plan.partition() != null
            ? plan.partition()
            : plan.originalPartition() ? u.partition() : Partitions.DEFAULT;
    Outcome o =
        store.execute(
            author,
            new RestoreAccount(
                userId,
                partition,
                u.status(),
                u.quotaBytes(),
                u.quotaMessages(),
                subscriptions,
                existed && !header.incremental(),
                header.incremental()));
    listener.account(userId, o.events().size());
  }
}
