package dev.msgstore.store.vault;

import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.MessageRecord;
import java.util.Locale;

/**
 * What undelete looks for; a null (or negative, for sizes) criterion is not applied, and a message
 * must meet every one given. Text criteria ({@code from}, {@code to}, {@code subject}) are
 * substrings, ignoring case, of the summary the append recorded: a message appended before
 * summaries were recorded has none and matches no text criterion. {@code messageId} is compared
 * whole, with or without its angle brackets. Dates are milliseconds: {@code since} inclusive,
 * {@code before} exclusive, on the internal date; {@code deletedSince}/{@code deletedBefore} the
 * same on the time the message was expunged (or its mailbox deleted). {@code larger}/{@code
 * smaller} are strict, as IMAP's SEARCH LARGER/SMALLER. {@code folder} is an IMAP LIST pattern over
 * the folder's name within the account ({@code INBOX}, {@code Projects/*}).
 */
public record VaultQuery(
    String from,
    String to,
    String subject,
    Long since,
    Long before,
    Long deletedSince,
    Long deletedBefore,
    String messageId,
    long larger,
    long smaller,
    String folder) {

  /** Every deleted message of the account. */
  public static final VaultQuery ALL =
      new VaultQuery(null, null, null, null, null, null, null, null, -1, -1, null);

  public VaultQuery {
    from = lower(from);
    to = lower(to);
    subject = lower(subject);
  }

  /** Whether a message in {@code folder} (within the account), expunged then, is asked for. */
  public boolean matches(MessageRecord m, String folderName, long expungedMillis) {
    return contains(m.summary().from(), from)
        && contains(m.summary().to(), to)
        && contains(m.summary().subject(), subject)
        && (since == null || m.internalDate() >= since)
        && (before == null || m.internalDate() < before)
        && (deletedSince == null || expungedMillis >= deletedSince)
        && (deletedBefore == null || expungedMillis < deletedBefore)
        && (messageId == null || bare(m.messageId()).equals(bare(messageId)))
        && (larger < 0 || m.size() > larger)
        && (smaller < 0 || m.size() < smaller)
        && (folder == null || new MailboxPattern(folder).matches(folderName));
  }

  private static boolean contains(String field, String needle) {
    return needle == null || field.toLowerCase(Locale.ROOT).contains(needle);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String bare(String id) {
    String s = id.strip();
    return s.startsWith("<") && s.endsWith(">") ? s.substring(1, s.length() - 1) : s;
  }
}
