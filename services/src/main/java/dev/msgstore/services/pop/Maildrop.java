package dev.msgstore.services.pop;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;

/**
 * A user's INBOX as one POP3 session sees it (RFC 1939 section 5): the messages present when the
 * session entered the TRANSACTION state, numbered from 1, and the ones marked deleted. Messages
 * that arrive later are not shown to this session; deletions are only marks until QUIT.
 */
final class Maildrop {
  private final MailboxRecord mailbox; // null: the user has no INBOX yet
  private final List<MessageRecord> messages;
  private final BitSet deleted = new BitSet();

  private Maildrop(MailboxRecord mailbox, List<MessageRecord> messages) {
    this.mailbox = mailbox;
    this.messages = messages;
  }

  static Maildrop of(ProjectionReader r, String user) {
    Optional<MailboxRecord> inbox = r.mailbox(MailboxNames.inboxOf(user));
    if (inbox.isEmpty()) {
      return new Maildrop(null, List.of());
    }
    List<MessageRecord> all = new ArrayList<>(r.messages(inbox.get().id()));
    all.sort((a, b) -> Long.compare(a.uid(), b.uid()));
    return new Maildrop(inbox.get(), List.copyOf(all));
  }

  Optional<MailboxRecord> mailbox() {
    return Optional.ofNullable(mailbox);
  }

  int size() {
    return messages.size();
  }

  /** The message numbered {@code n}, if it exists and is not marked deleted. */
  Optional<MessageRecord> message(int n) {
    if (n < 1 || n > messages.size() || deleted.get(n - 1)) {
      return Optional.empty();
    }
    return Optional.of(messages.get(n - 1));
  }

  boolean exists(int n) {
    return n >= 1 && n <= messages.size();
  }

  boolean deleted(int n) {
    return deleted.get(n - 1);
  }

  void delete(int n) {
    deleted.set(n - 1);
  }

  void reset() {
    deleted.clear();
  }

  int count() {
    return messages.size() - deleted.cardinality();
  }

  long octets() {
    long total = 0;
    for (int i = 0; i < messages.size(); i++) {
      if (!deleted.get(i)) {
        total += messages.get(i).size();
      }
    }
    return total;
  }

  List<Long> deletedUids() {
    return deleted.stream().mapToObj(i -> messages.get(i).uid()).toList();
  }

  /**
   * The unique-id listing of a message (RFC 1939 section 7): the INBOX's UIDVALIDITY and the
   * message's UID, which the store never gives to another message of that mailbox, so the same
   * across sessions and restarts, and a new one for every message after the INBOX is recreated.
   */
  String uidl(int n) {
    return mailbox.uidValidity() + "." + messages.get(n - 1).uid();
  }
}
