package dev.msgstore.services.imap.handler;

import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.imap.command.FetchItem;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.message.FetchValue;
import dev.msgstore.services.imap.message.Section;
import dev.msgstore.services.imap.message.SectionBytes;
import dev.msgstore.services.imap.message.UnknownTransferEncodingException;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Rights;
import dev.msgstore.services.imap.session.SelectedView;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.StoreFlags;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * FETCH and UID FETCH (RFC 3501 sections 6.4.5 and 6.4.8). Flags come from the session's view (what
 * this client has been told), everything else from the message as stored; a message another session
 * expunged but this one has not been told of is still served from the expunge ledger. Reading a
 * body without PEEK sets \Seen first (one commit for the whole FETCH), and the new flags come back
 * with the data.
 */
final class FetchHandler {
  private FetchHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Fetch c) throws IOException {
    SelectedView v = s.selected();
    List<Long> uids;
    try {
      uids = Messages.uids(v, c.set(), c.uid());
    } catch (Messages.BadSet e) {
      return Reply.bad(e.getMessage());
    }
    if (c.vanished() && !s.enabled().contains("QRESYNC")) {
      return Reply.bad("VANISHED needs ENABLE QRESYNC first (RFC 7162 section 3.2.6)");
    }
    if (c.changedSince() >= 0 || c.items().stream().anyMatch(i -> i instanceof FetchItem.ModSeq)) {
      s.enableCondstore(); // RFC 7162 section 3.1: a CONDSTORE-enabling command
    }
    if (c.vanished()) {
      Resync.vanishedEarlier(s, v, c.set(), c.changedSince());
    }
    if (c.changedSince() >= 0) {
      uids = uids.stream().filter(u -> v.modSeq(u) > c.changedSince()).toList();
    }
    boolean setsSeen =
        !v.readOnly()
            && c.items().stream()
                .anyMatch(
                    i ->
                        i instanceof FetchItem.Section x && !x.peek()
                            || i instanceof FetchItem.Binary b && !b.peek());
    List<Long> seen = new ArrayList<>();
    if (setsSeen) {
      seen = markSeen(s, v, uids);
    }
    boolean flagsAsked = c.items().stream().anyMatch(i -> i instanceof FetchItem.Flags);
    boolean modSeqAsked = c.items().stream().anyMatch(i -> i instanceof FetchItem.ModSeq);
    v.announceFlags(s.out());
    boolean gone = false;
    try (ProjectionReader r = s.read()) {
      MailboxRecord mailbox = r.mailbox(v.mailbox().id()).orElse(v.mailbox());
      for (long uid : uids) {
        Optional<MessageRecord> m =
            r.message(mailbox.id(), uid)
                .or(() -> r.expunged(mailbox.id(), uid).map(ExpungedMessage::message));
        if (m.isEmpty()) {
          gone = true;
          continue;
        }
        // structures first: a message that cannot be parsed fails before its response begins
        Map<FetchItem, FetchValue> values = new HashMap<>();
        for (FetchItem item : c.items()) {
          switch (item) {
            case FetchItem.Envelope x ->
                values.put(item, s.ctx().structures().envelope(mailbox, m.get()));
            case FetchItem.Structure x ->
                values.put(
                    item, s.ctx().structures().bodyStructure(mailbox, m.get(), x.extended()));
            default -> {}
          }
        }
        Map<FetchItem, SectionBytes> binaries;
        try {
          binaries = binaries(s, mailbox, m.get(), c.items());
        } catch (UnknownTransferEncodingException e) {
          return Reply.no("[UNKNOWN-CTE] " + e.getMessage());
        }
        ResponseEncoder.Fetch f = s.out().fetch(v.seq(uid));
        for (FetchItem item : c.items()) {
          if (binaries.containsKey(item)) {
            binary(item, binaries.get(item), f);
            continue;
          }
          write(s, v, mailbox, m.get(), item, values.get(item), f);
        }
        if (!flagsAsked && seen.contains(uid)) {
          f.raw("FLAGS", v.flags(uid).imap(v.recent(uid)));
          if (v.condstoreEnabled() && !modSeqAsked) {
            f.raw("MODSEQ", "(" + v.modSeq(uid) + ")");
          }
        }
        if (flagsAsked || seen.contains(uid)) {
          v.answered(uid);
        }
        f.end();
      }
    }
    return gone
        ? Reply.no("[EXPUNGEISSUED] Some of the requested messages no longer exist")
        : Reply.ok("FETCH completed");
  }

  private static List<Long> markSeen(ImapSession s, SelectedView v, List<Long> uids) {
    List<Long> unseen = new ArrayList<>();
    for (long u : uids) {
      if (!v.flags(u).has(SystemFlag.SEEN) && !v.expungedUnannounced(u)) {
        unseen.add(u);
      }
    }
    if (unseen.isEmpty()) {
      return unseen;
    }
    try (ProjectionReader r = s.read()) {
      if (!Rights.has(s.selectedRights(), 's')) {
        return List.of();
      }
      unseen.removeIf(u -> !r.containsMessage(v.mailbox().id(), u));
    }
    try {
      Outcome o =
          s.ctx()
              .store()
              .execute(
                  s.author("FETCH"),
                  new StoreFlags(
                      v.mailbox().name(),
                      unseen,
                      StoreFlags.Mode.ADD,
                      Set.of(SystemFlag.SEEN),
                      List.of()));
      s.committed(o);
    } catch (Rejected e) {
      return List.of(); // expunged meanwhile: the data is still served, unflagged
    }
    return unseen;
  }

  private static void write(
      ImapSession s,
      SelectedView v,
      MailboxRecord mailbox,
      MessageRecord m,
      FetchItem item,
      FetchValue value,
      ResponseEncoder.Fetch f)
      throws IOException {
    switch (item) {
      case FetchItem.Flags x -> f.raw("FLAGS", v.flags(m.uid()).imap(v.recent(m.uid())));
      case FetchItem.Uid x -> f.raw("UID", Long.toString(m.uid()));
      case FetchItem.Rfc822Size x -> f.raw("RFC822.SIZE", Long.toString(m.size()));
      case FetchItem.InternalDate x -> f.raw("INTERNALDATE", InternalDate.quoted(m.internalDate()));
      case FetchItem.Envelope x -> f.value("ENVELOPE", value);
      case FetchItem.ModSeq x -> f.raw("MODSEQ", "(" + v.modSeq(m.uid()) + ")");
      case FetchItem.Structure x -> f.value(x.extended() ? "BODYSTRUCTURE" : "BODY", value);
      case FetchItem.Section x -> section(s, mailbox, m, x, f);
      case FetchItem.Binary x -> throw new IllegalStateException("written by binary()");
      case FetchItem.BinarySize x -> throw new IllegalStateException("written by binary()");
    }
  }

  /**
   * The decoded parts BINARY and BINARY.SIZE (RFC 3516) ask for, before the response begins: an
   * encoding that cannot be undone is NO [UNKNOWN-CTE] for the whole FETCH.
   */
  private static Map<FetchItem, SectionBytes> binaries(
      ImapSession s, MailboxRecord mailbox, MessageRecord m, List<FetchItem> items)
      throws IOException {
    Map<FetchItem, SectionBytes> out = new HashMap<>();
    for (FetchItem item : items) {
      List<Integer> part =
          switch (item) {
            case FetchItem.Binary b -> b.part();
            case FetchItem.BinarySize b -> b.part();
            default -> null;
          };
      if (part != null) {
        out.put(item, s.ctx().structures().binary(mailbox, m, part));
      }
    }
    return out;
  }

  /** BINARY.SIZE's number, or BINARY's data: a literal8 when it holds a NUL byte. */
  private static void binary(FetchItem item, SectionBytes b, ResponseEncoder.Fetch f)
      throws IOException {
    if (item instanceof FetchItem.BinarySize x) {
      f.raw(x.label(), Long.toString(b.size()));
      return;
    }
    FetchItem.Binary x = (FetchItem.Binary) item;
    long from = 0;
    long length = b.size();
    if (x.length() >= 0) {
      from = Math.min(x.start(), b.size());
      length = Math.min(x.length(), b.size() - from);
    }
    boolean nul = false;
    try (InputStream in = b.open().get()) { // a first pass: is it text a literal may carry?
      in.skipNBytes(from);
      byte[] buf = new byte[8192];
      for (long left = length; left > 0 && !nul; ) {
        int n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n && !nul; i++) {
          nul = buf[i] == 0;
        }
        left -= n;
      }
    }
    try (InputStream in = b.open().get()) {
      in.skipNBytes(from);
      f.literal(x.label(), length, in, nul);
    }
  }

  private static void section(
      ImapSession s,
      MailboxRecord mailbox,
      MessageRecord m,
      FetchItem.Section x,
      ResponseEncoder.Fetch f)
      throws IOException {
    Section spec = x.spec();
    long skip;
    long size;
    if (spec.part().isEmpty() && spec.kind() == Section.Kind.ALL) {
      skip = 0;
      size = m.size();
    } else if (spec.part().isEmpty() && spec.kind() == Section.Kind.HEADER) {
      size = Math.min(m.headerSize(), m.size());
      partial(x, f, size, 0, s.ctx().structures().head(mailbox, m, size));
      return;
    } else if (spec.part().isEmpty() && spec.kind() == Section.Kind.TEXT) {
      skip = Math.min(m.headerSize(), m.size());
      size = m.size() - skip;
    } else {
      SectionBytes b = s.ctx().structures().section(mailbox, m, spec);
      partial(x, f, b.size(), 0, b.open().get());
      return;
    }
    partial(x, f, size, skip, s.ctx().store().openMessage(mailbox, m));
  }

  /** Writes {@code size} bytes from {@code skip} in {@code in}, cut to the item's partial. */
  private static void partial(
      FetchItem.Section x, ResponseEncoder.Fetch f, long size, long skip, InputStream in)
      throws IOException {
    try (in) {
      long from = 0;
      long length = size;
      if (x.length() >= 0) {
        from = Math.min(x.start(), size);
        length = Math.min(x.length(), size - from);
      }
      in.skipNBytes(skip + from);
      f.literal(x.label(), length, new NoNul(in));
    }
  }

  /**
   * A literal may not carry NUL (RFC 3501 section 9, CHAR8): BODY serves a NUL byte as 0x80, as
   * Dovecot does, with the size unchanged; BINARY is where NUL comes through (in a literal8).
   */
  private static final class NoNul extends java.io.FilterInputStream {
    NoNul(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      return b == 0 ? 0x80 : b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      for (int i = off; i < off + n; i++) {
        if (b[i] == 0) {
          b[i] = (byte) 0x80;
        }
      }
      return n;
    }
  }
}
