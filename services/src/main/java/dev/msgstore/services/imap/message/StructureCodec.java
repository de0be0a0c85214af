package dev.msgstore.services.imap.message;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A parsed structure to bytes and back, for the cache. A version byte leads. */
final class StructureCodec {
  /**
   * The format and the parser's answers: bump it when either changes, so that structures cached by
   * an older version are parsed again (a cached entry of another version is a miss).
   */
  static final int VERSION = 1;

  private StructureCodec() {}

  static byte[] encode(MimePart root) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      part(out, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** The structure, or null when the bytes are not this version's (then it is parsed again). */
  static MimePart decode(byte[] b) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
      if (in.readByte() != VERSION) {
        return null;
      }
      return part(in);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void part(DataOutputStream out, MimePart p) throws IOException {
    out.writeLong(p.headerStart());
    out.writeLong(p.bodyStart());
    out.writeLong(p.bodyEnd());
    out.writeLong(p.lines());
    out.writeByte(p.kind().ordinal());
    MimePart.Content c = p.content();
    str(out, c.type());
    str(out, c.subtype());
    params(out, c.params());
    str(out, c.id());
    str(out, c.description());
    str(out, c.encoding());
    str(out, c.md5());
    str(out, c.disposition());
    params(out, c.dispositionParams());
    strs(out, c.language());
    str(out, c.location());
    Envelope e = p.envelope();
    out.writeBoolean(e != null);
    if (e != null) {
      str(out, e.date());
      str(out, e.subject());
      addrs(out, e.from());
      addrs(out, e.sender());
      addrs(out, e.replyTo());
      addrs(out, e.to());
      addrs(out, e.cc());
      addrs(out, e.bcc());
      str(out, e.inReplyTo());
      str(out, e.messageId());
    }
    out.writeInt(p.children().size());
    for (MimePart child : p.children()) {
      part(out, child);
    }
  }

  private static MimePart part(DataInputStream in) throws IOException {
    long hs = in.readLong();
    long bs = in.readLong();
    long be = in.readLong();
    long lines = in.readLong();
    MimePart.Kind kind = MimePart.Kind.values()[in.readByte()];
    MimePart.Content c =
        new MimePart.Content(
            str(in),
            str(in),
            params(in),
            str(in),
            str(in),
            str(in),
            str(in),
            str(in),
            params(in),
            strs(in),
            str(in));
    Envelope e = null;
    if (in.readBoolean()) {
      e =
          new Envelope(
              str(in), str(in), addrs(in), addrs(in), addrs(in), addrs(in), addrs(in), addrs(in),
              str(in), str(in));
    }
    int n = in.readInt();
    List<MimePart> children = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      children.add(part(in));
    }
    return new MimePart(hs, bs, be, lines, kind, c, e, children);
  }

  private static void str(DataOutputStream out, String s) throws IOException {
    if (s == null) {
      out.writeInt(-1);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String str(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  private static void strs(DataOutputStream out, List<String> l) throws IOException {
    out.writeInt(l == null ? -1 : l.size());
    if (l != null) {
      for (String s : l) {
        str(out, s);
      }
    }
  }

  private static List<String> strs(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    List<String> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(str(in));
    }
    return List.copyOf(l);
  }

  private static void params(DataOutputStream out, List<ContentFields.Param> l) throws IOException {
    out.writeInt(l.size());
    for (ContentFields.Param p : l) {
      str(out, p.name());
      str(out, p.value());
    }
  }

  private static List<ContentFields.Param> params(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<ContentFields.Param> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new ContentFields.Param(str(in), str(in)));
    }
    return List.copyOf(l);
  }

  private static void addrs(DataOutputStream out, List<Address> l) throws IOException {
    out.writeInt(l == null ? -1 : l.size());
    if (l != null) {
      for (Address a : l) {
        str(out, a.name());
        str(out, a.route());
        str(out, a.mailbox());
        str(out, a.domain());
      }
    }
  }

  private static List<Address> addrs(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    List<Address> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(new Address(str(in), str(in), str(in), str(in)));
    }
    return List.copyOf(l);
  }
}
