package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The day a message was sent, for SENTBEFORE, SENTON and SENTSINCE (RFC 3501 section 6.4.4): the
 * date of its Date header in the header's own zone ("disregarding time and timezone"), which the
 * index does not keep, so the header is read. Without a usable Date header, the internal date.
 */
final class SentDates {
  private static final Pattern COMMENT = Pattern.compile("\\([^()]*\\)");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final int MAX_HEADER = 64 * 1024;

  private SentDates() {}

  static LocalDate of(Store store, MailboxRecord mailbox, MessageRecord m) throws IOException {
    byte[] head;
    try (InputStream in = store.openMessage(mailbox, m)) {
      head = in.readNBytes((int) Math.min(Math.min(m.headerSize(), m.size()), MAX_HEADER));
    }
    String header = new String(head, StandardCharsets.ISO_8859_1);
    String value = field(header, "date");
    if (value != null) {
      String v = SPACES.matcher(COMMENT.matcher(value).replaceAll("").trim()).replaceAll(" ");
      try {
        return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
            .toLocalDate();
      } catch (RuntimeException e) {
        // not an RFC 5322 date: fall back below
      }
    }
    return Instant.ofEpochMilli(m.internalDate()).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** The unfolded value of the first field {@code name}, or null. */
  private static String field(String header, String name) {
    String[] lines = header.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i];
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).trim().equalsIgnoreCase(name)) {
        StringBuilder v = new StringBuilder(l.substring(colon + 1));
        while (i + 1 < lines.length
            && !lines[i + 1].isEmpty()
            && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
          v.append(' ').append(lines[++i].trim());
        }
        return v.toString().trim();
      }
    }
    return null;
  }
}
