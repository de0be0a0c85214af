package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.command.SearchKey;
import dev.msgstore.services.imap.message.TextSearch;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.MessageFlags;
import dev.msgstore.services.imap.session.SelectedView;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8): every key; flags from the session's
 * view, sizes and dates from the index, header and body text through the message library (which
 * streams over the body). Charsets US-ASCII and UTF-8.
 */
final class SearchHandler {
  private SearchHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Search c) throws IOException {
    if (c.charset() != null
        && !c.charset().equalsIgnoreCase("UTF-8")
        && !c.charset().equalsIgnoreCase("US-ASCII")) {
      return Reply.no("[BADCHARSET (US-ASCII UTF-8)] Unsupported charset " + c.charset());
    }
    SelectedView v = s.selected();
    StringBuilder result = new StringBuilder("SEARCH");
    try (ProjectionReader r = s.read()) {
      MailboxRecord mailbox = r.mailbox(v.mailbox().id()).orElse(v.mailbox());
      for (int seq = 1; seq <= v.size(); seq++) {
        Candidate m = new Candidate(s, v, r, mailbox, seq);
        if (matches(c.key(), m)) {
          result.append(' ').append(c.uid() ? m.uid : seq);
        }
      }
    }
    s.out().untagged(result.toString());
    return Reply.ok("SEARCH completed");
  }

  /** One message being tested; its index record is read only if a key needs it. */
  private static final class Candidate {
    final ImapSession s;
    final SelectedView v;
    final ProjectionReader r;
    final MailboxRecord mailbox;
    final int seq;
    final long uid;
    private Optional<MessageRecord> record;

    Candidate(ImapSession s, SelectedView v, ProjectionReader r, MailboxRecord mailbox, int seq) {
      this.s = s;
      this.v = v;
      this.r = r;
      this.mailbox = mailbox;
      this.seq = seq;
      this.uid = v.uid(seq);
    }

    MessageFlags flags() {
      return v.flags(uid);
    }

    Optional<MessageRecord> record() {
      if (record == null) {
        record =
            r.message(mailbox.id(), uid)
                .or(() -> r.expunged(mailbox.id(), uid).map(ExpungedMessage::message));
      }
      return record;
    }
  }

  private static boolean matches(SearchKey key, Candidate m) throws IOException {
    return switch (key) {
      case SearchKey.All k -> true;
      case SearchKey.Flag k ->
          m.flags().has(SystemFlag.ofImapName(k.flag()).orElseThrow()) == k.set();
      case SearchKey.Recent k -> m.v.recent(m.uid) == k.recent();
      case SearchKey.New k -> m.v.recent(m.uid) && !m.flags().has(SystemFlag.SEEN);
      case SearchKey.Keyword k ->
          m.flags().keywords().stream().anyMatch(k.keyword()::equalsIgnoreCase) == k.set();
      case SearchKey.Sequence k -> k.set().contains(m.seq, m.v.size());
      case SearchKey.Uid k -> k.set().contains(m.uid, m.v.lastUid());
      case SearchKey.Larger k -> m.record().map(x -> x.size() > k.size()).orElse(false);
      case SearchKey.Smaller k -> m.record().map(x -> x.size() < k.size()).orElse(false);
      case SearchKey.Date k -> date(k, m);
      case SearchKey.Header k -> text(m, TextSearch.Where.HEADER, k.field(), k.value());
      case SearchKey.Body k -> text(m, TextSearch.Where.BODY, null, k.text());
      case SearchKey.Text k -> text(m, TextSearch.Where.TEXT, null, k.text());
      case SearchKey.Not k -> !matches(k.key(), m);
      case SearchKey.Or k -> matches(k.left(), m) || matches(k.right(), m);
      case SearchKey.And k -> {
        for (SearchKey sub : k.keys()) {
          if (!matches(sub, m)) {
            yield false;
          }
        }
        yield true;
      }
    };
  }

  private static boolean date(SearchKey.Date k, Candidate m) throws IOException {
    Optional<MessageRecord> r = m.record();
    if (r.isEmpty()) {
      return false;
    }
    LocalDate day =
        k.sent()
            ? SentDates.of(m.s.ctx().store(), m.mailbox, r.get())
            : Instant.ofEpochMilli(r.get().internalDate()).atZone(ZoneOffset.UTC).toLocalDate();
    return switch (k.when()) {
      case BEFORE -> day.isBefore(k.date());
      case ON -> day.isEqual(k.date());
      case SINCE -> !day.isBefore(k.date());
    };
  }

  private static boolean text(Candidate m, TextSearch.Where where, String header, String needle)
      throws IOException {
    Optional<MessageRecord> record = m.record();
    if (record.isEmpty()) {
      return false;
    }
    return m.s
        .ctx()
        .structures()
        .matches(m.mailbox, record.get(), new TextSearch(where, header, needle));
  }

  /** The sequence numbers of the view's messages {@code key} matches (SORT and THREAD's input). */
  static java.util.List<Integer> matching(
      ImapSession s, SelectedView v, ProjectionReader r, MailboxRecord mailbox, SearchKey key)
      throws IOException {
    java.util.List<Integer> out = new java.util.ArrayList<>();
    for (int seq = 1; seq <= v.size(); seq++) {
      if (matches(key, new Candidate(s, v, r, mailbox, seq))) {
        out.add(seq);
      }
    }
    return out;
  }
}
