package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and UID SORT (RFC 5256 section 3): the messages a SEARCH would find, ordered by each
 * criterion in turn (REVERSE reverses one), ties by sequence number. ARRIVAL and SIZE come from the
 * index, DATE is the sent date (the internal date without a usable Date header), FROM, TO and CC
 * the first address's mailbox and SUBJECT the base subject (section 2.1), both compared in
 * i;ascii-casemap and read from the header only.
 */
final class SortHandler {
  private SortHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Sort c) throws IOException {
    if (!Charsets.supported(c.charset())) {
      return Reply.no("[BADCHARSET (US-ASCII UTF-8)] Unsupported charset " + c.charset());
    }
    List<SortMessage> found = SortMessage.matching(s, c.key());
    Comparator<SortMessage> order = null;
    for (ImapCommand.SortKey k : c.criteria()) {
      Comparator<SortMessage> one = comparator(k.by());
      if (k.reverse()) {
        one = one.reversed();
      }
      order = order == null ? one : order.thenComparing(one);
    }
    order = order.thenComparingInt(m -> m.seq);
    try {
      found.sort(order);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    StringBuilder out = new StringBuilder("SORT");
    for (SortMessage m : found) {
      out.append(' ').append(c.uid() ? m.uid : m.seq);
    }
    s.out().untagged(out.toString());
    return Reply.ok("SORT completed");
  }

  private static Comparator<SortMessage> comparator(ImapCommand.SortKey.By by) {
    return switch (by) {
      case ARRIVAL -> Comparator.comparingLong(SortMessage::arrival);
      case DATE -> Comparator.comparingLong(SortMessage::sent);
      case SIZE -> Comparator.comparingLong(SortMessage::size);
      case SUBJECT -> Comparator.comparing(m -> m.subject().key());
      case FROM -> Comparator.comparing(m -> m.firstMailbox("from"));
      case TO -> Comparator.comparing(m -> m.firstMailbox("to"));
      case CC -> Comparator.comparing(m -> m.firstMailbox("cc"));
    };
  }

  /** The charsets SEARCH takes, which SORT and THREAD name too (and must name). */
  static final class Charsets {
    private Charsets() {}

    static boolean supported(String charset) {
      return charset.equalsIgnoreCase("UTF-8") || charset.equalsIgnoreCase("US-ASCII");
    }
  }
}
