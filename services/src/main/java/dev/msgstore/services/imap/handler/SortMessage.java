package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.imap.command.SearchKey;
import dev.msgstore.services.imap.message.MessageStructures;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.SelectedView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message SORT or THREAD orders (RFC 5256): its place in the view, its index record, and the
 * header values the criteria need, each read once and only when asked for (from the header's bytes
 * through the structure cache, never the body).
 */
final class SortMessage {
  final int seq;
  final long uid;
  private final MessageRecord record;
  private final MailboxRecord mailbox;
  private final MessageStructures structures;
  private BaseSubject subject;
  private final java.util.Map<String, String> mailboxes = new java.util.HashMap<>(4);

  private SortMessage(
      int seq,
      long uid,
      MessageRecord record,
      MailboxRecord mailbox,
      MessageStructures structures) {
    this.seq = seq;
    this.uid = uid;
    this.record = record;
    this.mailbox = mailbox;
    this.structures = structures;
  }

  /** The messages of the selected view that {@code key} matches, in sequence order. */
  static List<SortMessage> matching(ImapSession s, SearchKey key) throws IOException {
    SelectedView v = s.selected();
    List<SortMessage> out = new ArrayList<>();
    try (ProjectionReader r = s.read()) {
      MailboxRecord mailbox = r.mailbox(v.mailbox().id()).orElse(v.mailbox());
      for (int seq : SearchHandler.matching(s, v, r, mailbox, key)) {
        long uid = v.uid(seq);
        Optional<MessageRecord> m =
            r.message(mailbox.id(), uid)
                .or(() -> r.expunged(mailbox.id(), uid).map(ExpungedMessage::message));
        if (m.isPresent()) {
          out.add(new SortMessage(seq, uid, m.get(), mailbox, s.ctx().structures()));
        }
      }
    }
    return out;
  }

  long size() {
    return record.size();
  }

  long arrival() {
    return record.internalDate();
  }

  /** RFC 5256's sent date: the Date header's instant, else the internal date. */
  long sent() {
    return record.sentDate() > 0 ? record.sentDate() : record.internalDate();
  }

  BaseSubject subject() {
    if (subject == null) {
      subject = BaseSubject.of(header("Subject").orElse(""));
    }
    return subject;
  }

  /** SORT's key of an address field: its first mailbox in ASCII upper case, "" when none. */
  String firstMailbox(String field) {
    return mailboxes.computeIfAbsent(
        field,
        f -> {
          try {
            return new BaseSubject(structures.firstMailbox(mailbox, record, f), false).key();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  String messageId() {
    return record.messageId() == null ? "" : record.messageId();
  }

  Optional<String> header(String field) {
    try {
      return structures.headerValue(mailbox, record, field);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
