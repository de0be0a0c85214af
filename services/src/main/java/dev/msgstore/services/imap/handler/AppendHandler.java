package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * APPEND (RFC 3501 section 6.3.11, APPENDUID of RFC 4315): needs the insert right; a missing
 * mailbox is answered [TRYCREATE]. The message (in heap when small, else spooled by the reader)
 * streams into the body store before the commit that names it.
 */
final class AppendHandler {
  static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("d-MMM-yyyy HH:mm:ss Z")
          .toFormatter(Locale.ROOT);

  private AppendHandler() {}

  private static final String MONTHS = "janfebmaraprmayjunjulaugsepoctnovdec";

  /**
   * RFC 3501's date-time ({@code "dd-Mmm-yyyy HH:mm:ss +zzzz"}, the day's first digit possibly a
   * space) in epoch milliseconds. The usual shape is read by hand: {@link DateTimeFormatter#parse}
   * was a quarter of APPEND's CPU under imaptest's stress. Anything else (a value out of range
   * included) goes to the formatter, which decides as before.
   */
  static long internalDate(String text) {
    String t = text.strip();
    int n = t.length();
    int d = t.indexOf('-');
    if ((d == 1 || d == 2) && n == d + 24 && digits(t, 0, d)) {
      int day = Integer.parseInt(t, 0, d, 10);
      int month = MONTHS.indexOf(t.substring(d + 1, d + 4).toLowerCase(Locale.ROOT));
      int p = d + 4; // "-yyyy HH:mm:ss +zzzz"
      if (month >= 0
          && month % 3 == 0
          && t.charAt(p) == '-'
          && digits(t, p + 1, p + 5)
          && t.charAt(p + 5) == ' '
          && digits(t, p + 6, p + 8)
          && t.charAt(p + 8) == ':'
          && digits(t, p + 9, p + 11)
          && t.charAt(p + 11) == ':'
          && digits(t, p + 12, p + 14)
          && t.charAt(p + 14) == ' '
          && (t.charAt(p + 15) == '+' || t.charAt(p + 15) == '-')
          && digits(t, p + 16, p + 20)) {
        int year = Integer.parseInt(t, p + 1, p + 5, 10);
        int hour = Integer.parseInt(t, p + 6, p + 8, 10);
        int minute = Integer.parseInt(t, p + 9, p + 11, 10);
        int second = Integer.parseInt(t, p + 12, p + 14, 10);
        int zoneHours = Integer.parseInt(t, p + 16, p + 18, 10);
        int zoneMinutes = Integer.parseInt(t, p + 18, p + 20, 10);
        int sign = t.charAt(p + 15) == '-' ? -1 : 1;
        if (year >= 1
            && day >= 1
            && day <= YearMonth.of(year, month / 3 + 1).lengthOfMonth()
            && hour <= 23
            && minute <= 59
            && second <= 59
            && zoneHours <= 17
            && zoneMinutes <= 59) {
          ZoneOffset zone = ZoneOffset.ofHoursMinutes(sign * zoneHours, sign * zoneMinutes);
          return LocalDateTime.of(year, month / 3 + 1, day, hour, minute, second)
                  .toEpochSecond(zone)
              * 1000;
        }
      }
    }
    return ZonedDateTime.parse(t, DATE_TIME).toInstant().toEpochMilli();
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  static Reply handle(ImapSession s, ImapCommand.Append c) throws IOException {
    Flags flags;
    try {
      flags = Flags.parse(c.flags());
    } catch (Flags.BadFlag e) {
      return Reply.bad(e.getMessage());
    }
    long internalDate = 0;
    if (c.date() != null) {
      try {
        internalDate = internalDate(c.date());
      } catch (DateTimeParseException e) {
        return Reply.bad("Invalid date-time " + c.date());
      }
    }
    if (c.message().size() == 0) {
      return Reply.no("[CANNOT] An empty message cannot be appended");
    }
    Optional<Access.Found> found;
    try (ProjectionReader r = s.read()) {
      found = Access.find(r, s, c.mailbox());
    }
    if (found.isEmpty()) {
      return Reply.no("[TRYCREATE] Mailbox doesn't exist");
    }
    if (!found.get().may('i')) {
      return Reply.noPermission("insert");
    }
    Outcome o;
    try (InputStream message = c.message().open()) {
      o =
          s.ctx()
              .store()
              .append(
                  s.author("APPEND"),
                  found.get().mailbox().name(),
                  message,
                  new AppendOptions(flags.system(), flags.keywords(), internalDate, false, false));
    } catch (Rejected e) {
      return Reply.rejected(e);
    }
    s.committed(o);
    long uid = o.eventsOf(MessageEvent.Appended.class).get(0).uid();
    return Reply.ok(
        "[APPENDUID " + found.get().mailbox().uidValidity() + " " + uid + "] APPEND completed");
  }
}
