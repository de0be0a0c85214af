package dev.msgstore.scripting;

import dev.msgstore.commands.journal.JournalEntry;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.projections.model.UserRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code store} in a script: typed queries over the store's projections (mailboxes, messages,
 * expunged messages, quotas, ACLs, users, subscriptions, options) and its journal. Each query sees
 * the store as it is now, what other processes committed included. Changes go through the verbs, so
 * that each is checked, journaled and named after the script that made it.
 */
public final class ScriptStore {
  private final Store store;
  private final ScriptHost host;

  ScriptStore(Store store, ScriptHost host) {
    this.store = store;
    this.host = host;
  }

  ScriptHost host() {
    return host;
  }

  public Path root() {
    return store.root();
  }

  /** Every mailbox whose name matches the IMAP pattern ({@code *} and {@code %}), by name. */
  public List<MailboxRecord> mailboxes(String pattern) {
    MailboxPattern p = new MailboxPattern(MailboxNames.canonical(pattern));
    return read(
        r -> {
          List<MailboxRecord> out = new ArrayList<>();
          r.forEachMailbox(
              p.literalPrefix(),
              m -> {
                if (p.matches(m.name())) {
                  out.add(m);
                }
                return true;
              });
          return out;
        });
  }

  public List<MailboxRecord> mailboxes() {
    return mailboxes("*");
  }

  /** The mailbox of that name (INBOX in any case), or null. */
  public MailboxRecord mailbox(String name) {
    return read(r -> r.mailbox(MailboxNames.canonical(name)).orElse(null));
  }

  /** The messages of a mailbox, by UID. */
  public List<MessageRecord> messages(String mailbox) {
    return read(r -> r.messages(existing(r, mailbox).id()));
  }

  /** The messages expunged from a mailbox and not yet purged: what {@code mboxutil -R} restores. */
  public List<ExpungedMessage> expunged(String mailbox) {
    return read(r -> r.expunged(existing(r, mailbox).id()));
  }

  /** A quota root's usage and limits (-1: none). */
  public QuotaRecord quota(String root) {
    return read(r -> r.quota(root));
  }

  /** Every quota root whose name starts with {@code prefix} (a user id, or "" for all). */
  public List<QuotaRecord> quotas(String prefix) {
    return read(
        r -> {
          List<QuotaRecord> out = new ArrayList<>();
          r.forEachQuota(prefix, q -> out.add(q) || true);
          return out;
        });
  }

  public List<QuotaRecord> quotas() {
    return quotas("");
  }

  /** The access control list of a mailbox (RFC 4314 rights). */
  public List<AclEntry> acl(String mailbox) {
    return read(r -> r.acl(existing(r, mailbox).id()));
  }

  /** The user, or null. */
  public UserRecord user(String userId) {
    return read(r -> r.user(userId).orElse(null));
  }

  /** Every user whose id starts with {@code prefix}. */
  public List<UserRecord> users(String prefix) {
    return read(
        r -> {
          List<UserRecord> out = new ArrayList<>();
          r.forEachUser(prefix, u -> out.add(u) || true);
          return out;
        });
  }

  public List<UserRecord> users() {
    return users("");
  }

  public List<Subscription> subscriptions(String user) {
    return read(r -> r.subscriptions(user));
  }

  /** The partitions the store knows, by name, with their paths. */
  public Map<String, Path> partitions() {
    return store.partitions().paths();
  }

  /** An option's value in force (set, or the catalog's default), or null. */
  public String config(String option) {
    return store.config().value(option).orElse(null);
  }

  /** A message's bytes as stored, decoded as UTF-8 (for reports; use {@link #body} for bytes). */
  public String text(String mailbox, long uid) throws IOException {
    try (InputStream in = body(mailbox, uid)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * A message's bytes, streamed from its partition's body store and checked as they stream ({@link
   * Store#openMessage}): a body that fails its check ends in a {@link
   * dev.msgstore.store.CorruptMessageException} naming the mailbox and UID, never in end-of-stream.
   * Close it.
   */
  public InputStream body(String mailbox, long uid) throws IOException {
    MailboxRecord box = read(r -> existing(r, mailbox));
    MessageRecord m =
        read(r -> r.message(box.id(), uid))
            .orElseThrow(
                () -> new IllegalArgumentException("no message " + uid + " in " + mailbox));
    return store.openMessage(box, m);
  }

  /**
   * The journal's commits, filtered as {@code msgstore journal} filters them: {@code since}, {@code
   * until}, {@code actor}, {@code mailbox} (pattern), {@code user}, {@code type}.
   */
  @SuppressWarnings("unchecked") // the journal verb's result, JournalCommand.result()
  public List<JournalEntry> journal(Map<String, ?> filters) {
    return (List<JournalEntry>) host.verb("journal").typed(null, filters, List.of());
  }

  public List<JournalEntry> journal() {
    return journal(Map.of());
  }

  private static MailboxRecord existing(ProjectionReader r, String name) {
    return r.mailbox(MailboxNames.canonical(name))
        .orElseThrow(() -> new IllegalArgumentException("no mailbox " + name));
  }

  private <T> T read(Function<ProjectionReader, T> query) {
    try (ProjectionReader r = store.read()) {
      return query.apply(r);
    }
  }

  @Override
  public String toString() {
    return "store " + store.root();
  }
}
