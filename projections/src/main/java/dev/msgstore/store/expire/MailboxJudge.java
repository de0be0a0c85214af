package dev.msgstore.store.expire;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges one mailbox's messages against its rules, in one pass in UID order (oldest first): the
 * first rule that selects a message decides its action. {@code messagecount} and {@code
 * foldersizebytes} select the oldest messages beyond the limit, counted from the mailbox's totals,
 * so nothing of the mailbox is held in memory but what is expired.
 */
final class MailboxJudge {
  private static final long DAY = 86_400_000L;

  private final Store store;
  private final long now;

  MailboxJudge(Store store, long now) {
    this.store = store;
    this.now = now;
  }

  /** The messages of {@code m} its {@code rules} expire, and how many were examined. */
  record Verdict(List<ExpireReport.Expired> expired, long examined) {}

  Verdict judge(ProjectionReader r, MailboxRecord m, List<ExpireRule> rules) {
    List<ExpireReport.Expired> out = new ArrayList<>();
    long[] examined = {0};
    long[] bytesBefore = {0};
    String owner = m.owner().orElse(null);
    r.forEachMessage(
        m.id(),
        0,
        msg -> {
          long index = examined[0]++;
          Content content = new Content(m, msg, owner);
          for (ExpireRule rule : rules) {
            Optional<ExpireReport.Expired> e =
                select(rule, m, msg, index, bytesBefore[0], content, owner);
            if (e.isPresent()) {
              out.add(e.get());
              break;
            }
          }
          bytesBefore[0] += msg.size();
          return true;
        });
    return new Verdict(out, examined[0]);
  }

  private Optional<ExpireReport.Expired> select(
      ExpireRule rule,
      MailboxRecord m,
      MessageRecord msg,
      long index,
      long bytesBefore,
      Content content,
      String owner) {
    if (rule.seen() == FlagCondition.AND && !msg.flags().contains(SystemFlag.SEEN)) {
      return Optional.empty();
    }
    if (rule.deleted() == FlagCondition.AND && !msg.flags().contains(SystemFlag.DELETED)) {
      return Optional.empty();
    }
    for (Map.Entry<String, Glob> h : rule.headers().entrySet()) {
      boolean any = false;
      for (String v : content.sieve().getHeader(h.getKey())) {
        if (h.getValue().matches(v)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return Optional.empty();
      }
    }
    String why =
        rule.hasTriggers() ? trigger(rule, m, msg, index, bytesBefore) : "messageheader/flags";
    ExpireAction action = rule.action();
    if (why == null && rule.sieve() != null) {
      SieveMessage sm = content.freshSieve();
      Optional<ExpireAction> decided = rule.sieve().decide(sm);
      if (decided.isPresent()) {
        why = "sieve";
        if (!rule.sieve().testOnly()) {
          action = decided.get();
        }
      }
    }
    if (why == null) {
      return Optional.empty();
    }
    String target = action instanceof ExpireAction.FileInto f ? f.target(owner) : null;
    return Optional.of(
        new ExpireReport.Expired(msg.uid(), rule.name(), action.word(), target, why));
  }

  /** Which trigger of {@code rule} the message meets, or null. */
  private String trigger(
      ExpireRule rule, MailboxRecord m, MessageRecord msg, long index, long bytesBefore) {
    if (rule.messageDays() >= 0 && now - msg.internalDate() > rule.messageDays() * DAY) {
      return "messagedays " + rule.messageDays();
    }
    if (rule.saveDays() >= 0 && now - msg.savedDate() > rule.saveDays() * DAY) {
      return "savedays " + rule.saveDays();
    }
    if (rule.messageSize() >= 0
        && msg.size() > rule.messageSize()
        && now - msg.internalDate() >= rule.messageSizeDays() * DAY) {
      return "messagesize " + rule.messageSize() + " after " + rule.messageSizeDays() + " days";
    }
    if (rule.messageCount() >= 0 && index < m.messages() - rule.messageCount()) {
      return "messagecount " + rule.messageCount();
    }
    if (rule.folderSizeBytes() >= 0 && bytesBefore < m.bytes() - rule.folderSizeBytes()) {
      return "foldersizebytes " + rule.folderSizeBytes();
    }
    if (rule.seen() == FlagCondition.OR && msg.flags().contains(SystemFlag.SEEN)) {
      return "seen";
    }
    if (rule.deleted() == FlagCondition.OR && msg.flags().contains(SystemFlag.DELETED)) {
      return "deleted";
    }
    return null;
  }

  /** A message's header and body, read from the body store once and only if a rule asks. */
  private final class Content {
    private final MailboxRecord mailbox;
    private final MessageRecord msg;
    private final String owner;
    private String header;
    private SieveMessage headers;

    Content(MailboxRecord mailbox, MessageRecord msg, String owner) {
      this.mailbox = mailbox;
      this.msg = msg;
      this.owner = owner;
    }

    /** The header view (shared by the rules: only header reads, no actions). */
    SieveMessage sieve() {
      if (headers == null) {
        headers = freshSieve();
      }
      return headers;
    }

    /** A view with no actions collected yet, for one Sieve evaluation. */
    SieveMessage freshSieve() {
      return new SieveMessage(header(), msg.size(), this::open, owner, now);
    }

    private String header() {
      if (header == null) {
        try (InputStream in = open()) {
          header = new String(in.readNBytes(Math.max(0, msg.headerSize())), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return header;
    }

    private InputStream open() {
      try {
        return store.openMessage(mailbox, msg);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
