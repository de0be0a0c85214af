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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * SEARCH and UID SEARCH (RFC 3501 sections 6.4.4 and 6.4.8): every key; flags from the session's
 * view, sizes and dates from the index, header and body text through the message library (which
 * streams over the body). Charsets US-ASCII and UTF-8. The MODSEQ key (RFC 7162 section 3.1.5)
 * compares the view's modification sequences and adds the highest one found to the answer; RETURN
 * (RFC 4731) answers with one ESEARCH response.
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
    boolean byModSeq = usesModSeq(c.key());
    if (byModSeq) {
      s.enableCondstore(); // RFC 7162 section 3.1: a CONDSTORE-enabling command
    }
    List<Long> found = new ArrayList<>();
    List<Long> modSeqs = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      MailboxRecord mailbox = r.mailbox(v.mailbox().id()).orElse(v.mailbox());
      for (int seq = 1; seq <= v.size(); seq++) {
        Candidate m = new Candidate(s, v, r, mailbox, seq);
        if (matches(c.key(), m)) {
          found.add(c.uid() ? m.uid : seq);
          modSeqs.add(v.modSeq(m.uid));
        }
      }
    }
    if (c.returns() != null) {
      s.out().untagged(esearch(c, found, byModSeq ? modSeqs : null));
      return Reply.ok("SEARCH completed");
    }
    StringBuilder result = new StringBuilder("SEARCH");
    for (long n : found) {
      result.append(' ').append(n);
    }
    if (byModSeq && !found.isEmpty()) {
      result.append(" (MODSEQ ").append(Collections.max(modSeqs)).append(')');
    }
    s.out().untagged(result.toString());
    return Reply.ok("SEARCH completed");
  }

  /**
   * The ESEARCH response (RFC 4731 section 3.1): an empty RETURN list means ALL; MIN, MAX and ALL
   * are left out when nothing matched. With a MODSEQ key, MODSEQ is that of the one message MIN or
   * MAX alone names, otherwise the highest of all found (RFC 7162 section 3.1.5).
   */
  private static String esearch(ImapCommand.Search c, List<Long> found, List<Long> modSeqs) {
    List<String> want = c.returns().isEmpty() ? List.of("ALL") : c.returns();
    StringBuilder b = new StringBuilder("ESEARCH (TAG \"").append(c.tag()).append("\")");
    if (c.uid()) {
      b.append(" UID");
    }
    if (!found.isEmpty()) {
      if (want.contains("MIN")) {
        b.append(" MIN ").append(found.get(0));
      }
      if (want.contains("MAX")) {
        b.append(" MAX ").append(found.get(found.size() - 1));
      }
      if (want.contains("ALL")) {
        b.append(" ALL ").append(UidSets.format(found));
      }
    }
    if (want.contains("COUNT")) {
      b.append(" COUNT ").append(found.size());
    }
    if (modSeqs != null && !found.isEmpty()) {
      boolean one = want.size() == 1 && !want.contains("ALL") && !want.contains("COUNT");
      long modSeq =
          one && want.contains("MIN")
              ? modSeqs.get(0)
              : one && want.contains("MAX")
                  ? modSeqs.get(modSeqs.size() - 1)
                  : Collections.max(modSeqs);
      b.append(" MODSEQ ").append(modSeq);
    }
    return b.toString();
  }

  private static boolean usesModSeq(SearchKey key) {
    return switch (key) {
      case SearchKey.ModSeq k -> true;
      case SearchKey.Not k -> usesModSeq(k.key());
      case SearchKey.Or k -> usesModSeq(k.left()) || usesModSeq(k.right());
      case SearchKey.And k -> k.keys().stream().anyMatch(SearchHandler::usesModSeq);
      default -> false;
    };
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
      case SearchKey.ModSeq k -> m.v.modSeq(m.uid) >= k.modSeq();
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
