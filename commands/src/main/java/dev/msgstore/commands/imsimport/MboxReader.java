package dev.msgstore.commands.imsimport;

import dev.msgstore.journal.event.SystemFlag;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a UNIX mailbox (mbox: UW imapd's, Dovecot's, mutt's, Solaris's) message by message, in
 * constant memory but for each message's header block. The headers IMAP servers keep their state in
 * ({@code X-IMAPbase}, {@code X-IMAP}, {@code X-UID}, {@code Status}, {@code X-Status}, {@code
 * X-Keywords}, {@code Content-Length}) are read and left out of the message, as those servers hide
 * them; UW imapd's folder pseudo-message is skipped. A body is delimited by its Content-Length when
 * the bytes after it start a new message (unless told to ignore it), else by the next {@code From }
 * line, and then a line quoted as {@code >From } (any number of {@code >}) loses one {@code >}.
 */
final class MboxReader implements AutoCloseable {
  /** A file that is not a mailbox. */
  static final class NotAnMbox extends IOException {
    private static final long serialVersionUID = 1L;

    NotAnMbox(String why) {
      super(why);
    }
  }

  /** What the mailbox's first message says of the folder (UW's X-IMAPbase / X-IMAP). */
  record Base(long uidValidity, long lastUid, List<String> keywords) {}

  /** One message: its state from the mbox headers, its header without them, its body stream. */
  record Message(
      long uid,
      Set<SystemFlag> flags,
      List<String> keywords,
      long internalDate,
      byte[] header,
      InputStream body) {}

  private static final int MAX_HEADER = 1 << 20;
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

  private final PushbackInputStream in;
  private final boolean ignoreContentLength;
  private final ZoneId zone;
  private byte[] fromLine;
  private Base base;
  private InputStream open;

  MboxReader(InputStream in, boolean ignoreContentLength, ZoneId zone) throws IOException {
    this.in = new PushbackInputStream(in, 8192);
    this.ignoreContentLength = ignoreContentLength;
    this.zone = zone;
    byte[] start = this.in.readNBytes(5);
    if (start.length < 5 || !new String(start, StandardCharsets.ISO_8859_1).equals("From ")) {
      throw new NotAnMbox("it does not start with a 'From ' line");
    }
    this.in.unread(start);
    fromLine = line();
  }

  Base base() {
    return base;
  }

  /** The next message, or null at the end. The previous message's body is read to its end first. */
  Message next() throws IOException {
    if (open != null) {
      open.transferTo(OutputStreamNull.INSTANCE);
      open = null;
    }
    while (fromLine != null) {
      byte[] envelope = fromLine;
      fromLine = null;
      ByteArrayOutputStream header = new ByteArrayOutputStream();
      long uid = 0;
      long length = -1;
      Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
      List<String> keywords = new ArrayList<>();
      boolean pseudo = false;
      boolean sawHeader = false;
      boolean ended = false;
      String previous = null; // the name of the header whose folded lines we are in
      while (true) {
        byte[] l = line();
        if (l == null) {
          break;
        }
        String s = new String(l, StandardCharsets.ISO_8859_1);
        if (s.equals("\n") || s.equals("\r\n")) {
          header.write(l);
          ended = true;
          break;
        }
        if (s.startsWith("From ") && !sawHeader) {
          throw new NotAnMbox("a 'From ' line with no message after it");
        }
        if (header.size() + l.length > MAX_HEADER) {
          throw new NotAnMbox("a header block longer than 1 MB");
        }
        boolean folded = s.startsWith(" ") || s.startsWith("\t");
        String name = folded ? previous : headerName(s);
        if (name == null && !folded) {
          throw new NotAnMbox("a header line that is not 'Name: value'");
        }
        sawHeader = true;
        previous = name;
        String value = folded ? s.strip() : s.substring(s.indexOf(':') + 1).strip();
        switch (name.toLowerCase(Locale.ROOT)) {
          case "x-imapbase", "x-imap" -> {
            if (!folded) {
              base = base(value);
              pseudo |= name.equalsIgnoreCase("x-imap");
            } else if (base != null) {
              List<String> more = new ArrayList<>(base.keywords());
              more.addAll(words(value));
              base = new Base(base.uidValidity(), base.lastUid(), more);
            }
          }
          case "x-uid" -> uid = number(value);
          case "status" -> {
            if (value.indexOf('R') >= 0) {
              flags.add(SystemFlag.SEEN);
            }
          }
          case "x-status" -> {
            for (char c : value.toCharArray()) {
              switch (c) {
                case 'A' -> flags.add(SystemFlag.ANSWERED);
                case 'F' -> flags.add(SystemFlag.FLAGGED);
                case 'T' -> flags.add(SystemFlag.DRAFT);
                case 'D' -> flags.add(SystemFlag.DELETED);
                default -> {}
              }
            }
          }
          case "x-keywords" -> keywords.addAll(words(value));
          case "content-length" -> length = number(value);
          default -> header.write(l);
        }
      }
      if (!sawHeader) {
        throw new NotAnMbox("a 'From ' line with no message after it");
      }
      long date = envelopeDate(envelope);
      InputStream body = ended ? body(length) : InputStream.nullInputStream();
      if (pseudo) {
        body.transferTo(OutputStreamNull.INSTANCE); // UW imapd's folder data, not mail
        continue;
      }
      open = body;
      return new Message(uid, flags, List.copyOf(keywords), date, header.toByteArray(), body);
    }
    return null;
  }

  /** The body: Content-Length bytes when they end where a message starts, else to a From line. */
  private InputStream body(long length) throws IOException {
    if (length >= 0 && !ignoreContentLength) {
      byte[] peek = new byte[(int) Math.min(length + 7, 8192)];
      if (length <= 8192 - 7) {
        int n = in.readNBytes(peek, 0, (int) length + 7);
        in.unread(peek, 0, n);
        if (endsAMessage(peek, (int) length, n)) {
          return counted(length);
        }
      } else {
        return verifiedLong(length);
      }
    }
    return quoted();
  }

  /**
   * Whether the bytes from {@code at} (of {@code n} read) end a message: the end of the file, or a
   * From line, either after an optional blank separator line.
   */
  private static boolean endsAMessage(byte[] b, int at, int n) {
    int i = at;
    if (i < n && b[i] == '\n') {
      i++;
    } else if (i + 1 < n && b[i] == '\r' && b[i + 1] == '\n') {
      i += 2;
    }
    return i == n && n < b.length || startsFrom(b, i) && i + 5 <= n;
  }

  private static boolean startsFrom(byte[] b, int at) {
    return b.length >= at + 5
        && b[at] == 'F'
        && b[at + 1] == 'r'
        && b[at + 2] == 'o'
        && b[at + 3] == 'm'
        && b[at + 4] == ' ';
  }

  /**
   * Exactly {@code length} bytes; then a separator line if there is one, and the next From line.
   */
  private InputStream counted(long length) {
    return new InputStream() {
      long left = length;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          finish();
          return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, left));
        if (n < 0) {
          left = 0;
          finish();
          return -1;
        }
        left -= n;
        return n;
      }

      private boolean done;

      private void finish() throws IOException {
        if (done) {
          return;
        }
        done = true;
        byte[] l = line();
        if (l != null && (l.length == 1 && l[0] == '\n' || l.length == 2 && l[0] == '\r')) {
          l = line();
        }
        fromLine = l;
      }
    };
  }

  /** A Content-Length too long to check ahead: trusted, as the mailbox's writer said it. */
  private InputStream verifiedLong(long length) {
    return counted(length);
  }

  /** Lines up to the next From line; {@code >From } lines lose one {@code >}. */
  private InputStream quoted() {
    return new InputStream() {
      byte[] pending;
      int at;
      byte[] held; // a blank line that may be the separator before the next From line
      byte[] queued; // a line read ahead
      boolean done;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        while (pending == null || at == pending.length) {
          if (done) {
            return -1;
          }
          pending = nextLine();
          at = 0;
          if (pending == null) {
            done = true;
            return -1;
          }
        }
        int n = Math.min(len, pending.length - at);
        System.arraycopy(pending, at, b, off, n);
        at += n;
        return n;
      }

      private byte[] nextLine() throws IOException {
        while (true) {
          byte[] l = queued != null ? queued : line();
          queued = null;
          if (l == null || isFrom(l)) {
            fromLine = l;
            return null; // a blank line held before a From line is the separator: dropped
          }
          if (held != null) {
            byte[] h = held;
            held = null;
            queued = l;
            return h;
          }
          if (isBlank(l)) {
            held = l;
            continue;
          }
          return unquote(l);
        }
      }
    };
  }

  private static boolean isBlank(byte[] l) {
    return l.length == 1 && l[0] == '\n' || l.length == 2 && l[0] == '\r' && l[1] == '\n';
  }

  private static boolean isFrom(byte[] l) {
    return startsFrom(l, 0);
  }

  static byte[] unquote(byte[] l) {
    int i = 0;
    while (i < l.length && l[i] == '>') {
      i++;
    }
    if (i > 0 && startsFrom(l, i)) {
      byte[] out = new byte[l.length - 1];
      System.arraycopy(l, 1, out, 0, out.length);
      return out;
    }
    return l;
  }

  /** One line with its end of line, or null at the end of the file. */
  private byte[] line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) >= 0) {
      if (c == 0) {
        throw new NotAnMbox("it holds NUL bytes (a binary file)");
      }
      b.write(c);
      if (c == '\n') {
        break;
      }
    }
    return b.size() == 0 ? null : b.toByteArray();
  }

  private static String headerName(String s) {
    int colon = s.indexOf(':');
    if (colon <= 0) {
      return null;
    }
    for (int i = 0; i < colon; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c > '~') {
        return null;
      }
    }
    return s.substring(0, colon);
  }

  private static Base base(String value) {
    List<String> w = words(value);
    long validity = w.isEmpty() ? 0 : number(w.get(0));
    long last = w.size() < 2 ? 0 : number(w.get(1));
    return new Base(validity, last, w.size() > 2 ? w.subList(2, w.size()) : List.of());
  }

  private static List<String> words(String value) {
    List<String> out = new ArrayList<>();
    for (String w : value.split("\\s+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static long number(String s) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The date of {@code From sender Thu Dec 3 10:00:00 2026}; 0 (now) if it has none. */
  private long envelopeDate(byte[] envelope) {
    String s = new String(envelope, StandardCharsets.ISO_8859_1).strip();
    String[] w = s.split("\\s+");
    // From sender Wkd Mon dd hh:mm:ss yyyy [zone...]: the date is the five words after the sender
    for (int i = 2; i + 4 < w.length + 0 && i <= w.length - 5; i++) {
      String d = String.join(" ", w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4]);
      try {
        return LocalDateTime.parse(d, ASCTIME).atZone(zone).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        // try the next position: a sender may be more than one word
      }
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private static final class OutputStreamNull extends java.io.OutputStream {
    static final OutputStreamNull INSTANCE = new OutputStreamNull();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
