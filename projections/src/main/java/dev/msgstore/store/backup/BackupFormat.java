package dev.msgstore.store.backup;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The byte layout of a backup stream (docs/BACKUP-STREAM.md): the magic, the frame tags and each
 * record's payload. A frame is {@code tag (1) | length (4) | payload | CRC-32C (4)} over tag,
 * length and payload; numbers are big-endian, strings a 4-byte length and UTF-8.
 */
final class BackupFormat {
  private BackupFormat() {}

  /** The stream's first bytes, before the first frame (inside the gzip member when compressed). */
  static final byte[] MAGIC = "MSGSTORE-BACKUP\n".getBytes(StandardCharsets.US_ASCII);

  static final int VERSION = 1;

  /** No record's payload may be longer: a damaged length cannot make a reader allocate more. */
  static final int MAX_PAYLOAD = 1 << 20;

  /** A body is cut into frames of this many bytes (the last one shorter). */
  static final int BODY_CHUNK = 64 * 1024;

  static final byte HEADER = 'H';
  static final byte MAILBOX = 'M';
  static final byte MESSAGE = 'G';
  static final byte KEPT = 'K';
  static final byte BODY = 'B';
  static final byte MAILBOX_END = 'E';
  static final byte GONE = 'X';
  static final byte USER = 'U';
  static final byte TRAILER = 'Z';

  static byte tag(BackupRecord r) {
    return switch (r) {
      case BackupRecord.Header h -> HEADER;
      case BackupRecord.Mailbox m -> MAILBOX;
      case BackupRecord.Message m -> MESSAGE;
      case BackupRecord.Kept k -> KEPT;
      case BackupRecord.MailboxEnd e -> MAILBOX_END;
      case BackupRecord.Gone g -> GONE;
      case BackupRecord.User u -> USER;
      case BackupRecord.Trailer t -> TRAILER;
    };
  }

  static byte[] encode(BackupRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream o = new DataOutputStream(bytes)) {
      switch (r) {
        case BackupRecord.Header h -> {
          o.writeShort(h.version());
          o.writeLong(h.createdMicros());
          o.writeLong(h.journalIndex());
          o.writeLong(h.sinceMicros());
          o.writeBoolean(h.expunged());
          string(o, h.host());
          strings(o, h.names());
        }
        case BackupRecord.Mailbox m -> {
          string(o, m.name());
          string(o, m.partition());
          o.writeLong(m.uidValidity());
          o.writeLong(m.uidNext());
          o.writeBoolean(m.delta());
          o.writeInt(m.acl().size());
          for (BackupRecord.Acl a : m.acl()) {
            string(o, a.identifier());
            string(o, a.rights());
          }
        }
        case BackupRecord.Message m -> {
          o.writeLong(m.uid());
          o.write(m.digest().toBytes());
          o.writeLong(m.size());
          o.writeInt(m.headerSize());
          o.writeLong(m.internalDate());
          o.writeLong(m.sentDate());
          o.writeInt(SystemFlag.toBits(m.flags()));
          strings(o, m.keywords());
          string(o, m.messageId());
          o.writeBoolean(m.expunged());
        }
        case BackupRecord.Kept k -> {
          o.writeLong(k.uid());
          o.write(k.digest().toBytes());
          o.writeInt(SystemFlag.toBits(k.flags()));
          strings(o, k.keywords());
          o.writeBoolean(k.expunged());
        }
        case BackupRecord.MailboxEnd e -> {
          string(o, e.name());
          o.writeLong(e.messages());
          o.writeLong(e.kept());
          o.writeLong(e.bytes());
        }
        case BackupRecord.Gone g -> string(o, g.name());
        case BackupRecord.User u -> {
          string(o, u.userId());
          string(o, u.partition());
          string(o, u.status());
          o.writeLong(u.quotaBytes());
          o.writeLong(u.quotaMessages());
          strings(o, u.subscriptions());
        }
        case BackupRecord.Trailer t -> {
          o.writeLong(t.frames());
          o.writeLong(t.users());
          o.writeLong(t.mailboxes());
          o.writeLong(t.messages());
          o.writeLong(t.bodyBytes());
          o.writeInt(t.chain());
        }
      }
    } catch (IOException e) {
      throw new AssertionError("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The record a frame of {@code tag} holds; an {@link IOException} if its payload is malformed.
   */
  static BackupRecord decode(byte tag, DataInputStream i) throws IOException {
    return switch (tag) {
      case HEADER ->
          new BackupRecord.Header(
              i.readUnsignedShort(),
              i.readLong(),
              i.readLong(),
              i.readLong(),
              i.readBoolean(),
              string(i),
              strings(i));
      case MAILBOX -> {
        String name = string(i);
        String partition = string(i);
        long uidValidity = i.readLong();
        long uidNext = i.readLong();
        boolean delta = i.readBoolean();
        int n = count(i);
        List<BackupRecord.Acl> acl = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
          acl.add(new BackupRecord.Acl(string(i), string(i)));
        }
        yield new BackupRecord.Mailbox(name, partition, uidValidity, uidNext, delta, acl);
      }
      case MESSAGE ->
          new BackupRecord.Message(
              i.readLong(),
              digest(i),
              i.readLong(),
              i.readInt(),
              i.readLong(),
              i.readLong(),
              SystemFlag.fromBits(i.readInt()),
              strings(i),
              string(i),
              i.readBoolean());
      case KEPT ->
          new BackupRecord.Kept(
              i.readLong(),
              digest(i),
              SystemFlag.fromBits(i.readInt()),
              strings(i),
              i.readBoolean());
      case MAILBOX_END ->
          new BackupRecord.MailboxEnd(string(i), i.readLong(), i.readLong(), i.readLong());
      case GONE -> new BackupRecord.Gone(string(i));
      case USER ->
          new BackupRecord.User(
              string(i), string(i), string(i), i.readLong(), i.readLong(), strings(i));
      case TRAILER ->
          new BackupRecord.Trailer(
              i.readLong(), i.readLong(), i.readLong(), i.readLong(), i.readLong(), i.readInt());
      default -> throw new IOException("unknown record tag " + (tag & 0xff));
    };
  }

  private static void string(DataOutputStream o, String s) throws IOException {
    byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
    o.writeInt(b.length);
    o.write(b);
  }

  private static void strings(DataOutputStream o, List<String> list) throws IOException {
    o.writeInt(list.size());
    for (String s : list) {
      string(o, s);
    }
  }

  private static String string(DataInputStream i) throws IOException {
    byte[] b = new byte[count(i)];
    i.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static List<String> strings(DataInputStream i) throws IOException {
    int n = count(i);
    List<String> list = new ArrayList<>(Math.min(n, 1024));
    for (int k = 0; k < n; k++) {
      list.add(string(i));
    }
    return list;
  }

  private static Digest digest(DataInputStream i) throws IOException {
    byte[] b = new byte[Digest.BYTES];
    i.readFully(b);
    return Digest.of(b);
  }

  /** A count or length, which a frame's payload (at most {@link #MAX_PAYLOAD}) bounds. */
  private static int count(DataInputStream i) throws IOException {
    int n = i.readInt();
    if (n < 0 || n > MAX_PAYLOAD) {
      throw new IOException("a count of " + n + " in a record");
    }
    return n;
  }
}
