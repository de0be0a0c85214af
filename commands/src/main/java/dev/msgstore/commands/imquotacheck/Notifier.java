package dev.msgstore.commands.imquotacheck;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.QuotaNotice;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.RecordQuotaNotice;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code -n}: the reference's threshold notification algorithm. The highest enabled rule a user's
 * usage reaches decides; a notice goes when they reached a higher rule than their last notice, or
 * when the rule's interval has passed since it; usage below every rule forgets the last notice. A
 * notice is a message delivered into their INBOX through the store (over quota or not), then a
 * {@code quota.notified} commit that remembers it.
 */
final class Notifier {
  private final Store store;
  private final Author author;
  private final List<RuleFile.Rule> rules;
  private final Map<Path, NoticeTemplate> templates;
  private final NoticeTemplate fallback;
  private final boolean folders;
  private final long nowMicros;

  Notifier(
      Store store,
      Author author,
      List<RuleFile.Rule> rules,
      Map<Path, NoticeTemplate> templates,
      NoticeTemplate fallback,
      boolean folders,
      long nowMicros) {
    this.store = store;
    this.author = author;
    this.rules = rules;
    this.templates = templates;
    this.fallback = fallback;
    this.folders = folders;
    this.nowMicros = nowMicros;
  }

  /** The rule that applies at {@code percent}: the enabled one with the highest trigger reached. */
  Optional<RuleFile.Rule> ruleAt(int percent) {
    RuleFile.Rule found = null;
    for (RuleFile.Rule r : rules) {
      if (percent >= r.trigger()) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** Notifies {@code row}'s user if the algorithm says so; returns the notice given, if any. */
  Optional<Notice> consider(QuotaRow row) {
    int percent = row.percent();
    Optional<RuleFile.Rule> rule = percent < 0 ? Optional.empty() : ruleAt(percent);
    Optional<QuotaNotice> last;
    try (ProjectionReader r = store.read()) {
      last = r.quotaNotice(row.user());
    }
    if (rule.isEmpty()) {
      if (last.isPresent()) {
        store.execute(author, new RecordQuotaNotice(row.user(), "", 0));
      }
      return Optional.empty();
    }
    RuleFile.Rule now = rule.get();
    boolean due =
        last.isEmpty()
            || now.trigger() > lastTrigger(last.get())
            || nowMicros - last.get().atMicros() >= TimeUnit.HOURS.toMicros(now.intervalHours());
    if (!due) {
      return Optional.empty();
    }
    NoticeTemplate t = now.messageFile() == null ? fallback : templates.get(now.messageFile());
    Map<String, String> values =
        Map.of(
            "U",
            row.user(),
            "Q",
            percent + "%",
            "R",
            report(row),
            "M",
            QuotaRow.kilobytes(row.usedBytes()) + (row.usedBytes() < 1024 ? "" : "K"),
            "C",
            row.limitBytes() < 0 ? "none" : row.limitBytes() / 1024 + "K");
    String subject = NoticeTemplate.fill(t.subject(), values);
    deliver(row.user(), subject, NoticeTemplate.fill(t.body(), values));
    store.execute(author, new RecordQuotaNotice(row.user(), now.name(), Math.max(1, percent)));
    return Optional.of(new Notice(row.user(), now.name(), percent, subject));
  }

  /** The trigger of the rule that gave the last notice (its percent if the rule is gone). */
  private int lastTrigger(QuotaNotice last) {
    return rules.stream()
        .filter(r -> r.name().equals(last.rule()))
        .mapToInt(RuleFile.Rule::trigger)
        .findFirst()
        .orElse(last.percent());
  }

  private String report(QuotaRow row) {
    StringBuilder sb = new StringBuilder();
    sb.append("Quota: ")
        .append(row.limitBytes() < 0 ? "none" : row.limitBytes() / 1024 + "K")
        .append(", mailbox size: ")
        .append(QuotaRow.kilobytes(row.usedBytes()))
        .append(row.usedBytes() < 1024 ? "" : "K")
        .append(", used: ")
        .append(row.percent())
        .append('%');
    if (folders) {
      for (QuotaRow.Folder f : row.folders()) {
        sb.append("\n  ").append(f.name()).append(": ").append(QuotaRow.kilobytes(f.bytes()));
        sb.append(f.bytes() < 1024 ? "" : "K");
      }
    }
    return sb.toString();
  }

  private void deliver(String user, String subject, String body) {
    try {
      MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
      m.setFrom(new InternetAddress("postmaster@localhost", "Message Store Administrator"));
      m.setRecipients(jakarta.mail.Message.RecipientType.TO, user);
      m.setSubject(subject, "UTF-8");
      m.setSentDate(new Date(TimeUnit.MICROSECONDS.toMillis(nowMicros)));
      m.setHeader("Auto-Submitted", "auto-generated");
      m.setText(body, "UTF-8");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      m.writeTo(out);
      store.append(
          author,
          MailboxNames.inboxOf(user),
          new ByteArrayInputStream(out.toByteArray()),
          new AppendOptions(java.util.Set.of(), List.of(), 0, true, true));
    } catch (MessagingException e) {
      throw new IllegalStateException(
          "cannot build the notice for " + user + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
