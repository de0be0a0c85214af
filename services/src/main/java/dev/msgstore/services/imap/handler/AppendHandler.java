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
  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .appendPattern("d-MMM-yyyy HH:mm:ss Z")
          .toFormatter(Locale.ROOT);

  private AppendHandler() {}

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
        internalDate = ZonedDateTime.parse(c.date().strip(), DATE_TIME).toInstant().toEpochMilli();
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
