package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The per-message options: {@code -c} (what the index holds for a message: this store's "cache"),
 * {@code -b} (the stored body), {@code -e} (expunged, not yet purged uids) and {@code -D} (one line
 * per message for backup verification).
 */
final class MessageDetail {
  private final Store store;
  private final ProjectionReader reader;
  private final Stamps stamps;

  MessageDetail(Store store, ProjectionReader reader, Stamps stamps) {
    this.store = store;
    this.reader = reader;
    this.stamps = stamps;
  }

  /**
   * Message number {@code msgNo} (1-based, UID order; the command checked that it is a number of 1
   * or more), or exit 65 naming what exists.
   */
  MessageRow find(MailboxRecord m, String msgNo) {
    long n = Long.parseLong(msgNo);
    long[] seen = {0};
    MessageRecord[] found = {null};
    reader.forEachMessage(
        m.id(),
        0,
        msg -> {
          if (++seen[0] == n) {
            found[0] = msg;
          }
          return found[0] == null;
        });
    if (found[0] == null) {
      throw new VerbFailure(
          ExitCodes.DATA,
          "no message " + msgNo + " in " + m.name() + " (it has " + m.messages() + ")");
    }
    return new MessageRow(m.name(), n, found[0]);
  }

  /** Prints what the index holds for the message ({@code msgNo} as given) and returns it. */
  CachedMessage cache(MailboxRecord m, MessageRow row, String msgNo, Consumer<String> out) {
    MessageRecord msg = row.message();
    boolean stored = store.bodies(m.partition()).contains(msg.digest());
    out.accept("MsgNo: " + msgNo);
    out.accept("Uid: " + msg.uid());
    out.accept("Size: " + msg.size());
    out.accept("HSize: " + msg.headerSize());
    out.accept("Internal-Date: " + stamps.millis(msg.internalDate()));
    out.accept("Sent-Date: " + stamps.millis(msg.sentDate()));
    out.accept("SFlags: " + SystemFlag.letters(msg.flags()));
    out.accept("Keywords: " + String.join(" ", msg.keywords()));
    out.accept("Message-id: " + Optional.ofNullable(msg.messageId()).orElse(""));
    out.accept("Digest: sha256:" + msg.digest().hex());
    out.accept("Body: " + (stored ? "stored" : "MISSING") + " in partition " + m.partition());
    return new CachedMessage(m.name(), row.msgNo(), msg, m.partition(), stored);
  }

  /**
   * Writes the stored body to {@code out} byte for byte, streamed through the store's checked read
   * ({@link Store#openMessage}): a body that fails its check ends in one line naming the mailbox
   * and UID (exit 65), before its last chunk is written (so a body of up to 64 KiB writes nothing).
   */
  MessageBody body(MailboxRecord m, MessageRow row, OutputStream out) throws IOException {
    long size;
    try (InputStream in = store.openMessage(m, row.message());
        out) {
      size = in.transferTo(out);
    }
    return new MessageBody(m.name(), row.msgNo(), row.message(), size);
  }

  /**
   * Prints the uids of the mailbox's expunged messages that can still be restored; returns them.
   */
  List<ExpungedMessage> expunged(MailboxRecord m, Consumer<String> out) {
    out.accept("Expunged Uids:");
    List<ExpungedMessage> restorable = reader.expunged(m.id());
    for (ExpungedMessage e : restorable) {
      out.accept("  " + e.message().uid());
    }
    return restorable;
  }

  /**
   * {@code -D}: per message, name, msgno, uid, internal date, size, header size, system flags,
   * keywords (space-separated), SHA-256 and Message-ID, separated by {@code sep}: what a restore
   * must reproduce, so that two dumps compare with diff. Each message dumped goes to {@code rows}.
   */
  void dump(MailboxRecord m, String sep, Consumer<String> out, Consumer<MessageRow> rows) {
    long[] n = {0};
    reader.forEachMessage(
        m.id(),
        0,
        msg -> {
          MessageRow row = new MessageRow(m.name(), ++n[0], msg);
          rows.accept(row);
          List<Object> f =
              List.of(
                  row.mailbox(),
                  row.msgNo(),
                  msg.uid(),
                  stamps.millis(msg.internalDate()),
                  msg.size(),
                  msg.headerSize(),
                  SystemFlag.letters(msg.flags()),
                  String.join(" ", msg.keywords()),
                  msg.digest().hex(),
                  Optional.ofNullable(msg.messageId()).orElse(""));
          out.accept(f.stream().map(String::valueOf).collect(Collectors.joining(sep)));
          return true;
        });
  }
}
