package dev.msgstore.services.imap.message;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What IMAP FETCH and SEARCH need of a message's MIME structure: ENVELOPE, BODY/BODYSTRUCTURE,
 * section bytes and text search. One per open store, thread-safe. Messages are read only through
 * {@link Store#openMessage}, streaming; the parsed structure of a body is kept in a rebuildable
 * LMDB cache by its digest ({@link #cacheDirectory}), so it is parsed once.
 */
public final class MessageStructures implements AutoCloseable {
  private final Store store;
  private final StructureCache cache;
  private final AtomicLong parses = new AtomicLong();
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong bodyReads = new AtomicLong();
  private final RecentStructures recent = new RecentStructures();

  private MessageStructures(Store store, StructureCache cache) {
    this.store = store;
    this.cache = cache;
  }

  public static MessageStructures open(Store store) {
    return new MessageStructures(store, StructureCache.open(cacheDirectory(store.root())));
  }

  /** Where a store's structure cache lives: deleting it is always safe. */
  public static Path cacheDirectory(Path storeRoot) {
    return storeRoot.resolve("cache").resolve("imap-structure");
  }

  /** How many messages this instance parsed (cache misses), for metrics and tests. */
  public long parses() {
    return parses.get();
  }

  /** How many structures this instance read from the LMDB cache (not held in heap), for tests. */
  public long loads() {
    return loads.get();
  }

  /** How many times this instance opened a message's bytes in the store, for tests. */
  public long bodyReads() {
    return bodyReads.get();
  }

  /** RFC 3501 ENVELOPE, the parenthesised list as one atom (see {@link ImapText}). */
  public FetchValue envelope(MailboxRecord mailbox, MessageRecord message) throws IOException {
    RecentStructures.Held h = held(mailbox, message);
    String text = h.envelope;
    if (text == null) {
      StringBuilder out = new StringBuilder("(");
      ImapText.envelope(out, h.root.envelope());
      text = out.append(')').toString();
      h.envelope = text;
    }
    return new FetchValue.Atom(text);
  }

  /** BODY ({@code extended} false) or BODYSTRUCTURE ({@code extended} true), as one atom. */
  public FetchValue bodyStructure(MailboxRecord mailbox, MessageRecord message, boolean extended)
      throws IOException {
    RecentStructures.Held h = held(mailbox, message);
    String text = extended ? h.bodyStructure : h.body;
    if (text == null) {
      StringBuilder out = new StringBuilder();
      ImapText.body(out, h.root, extended);
      text = out.toString();
      if (extended) {
        h.bodyStructure = text;
      } else {
        h.body = text;
      }
    }
    return new FetchValue.Atom(text);
  }

  /**
   * The message's first {@code size} bytes (its header, as FETCH BODY[HEADER] counts it), from heap
   * when they were read lately and are short.
   */
  public InputStream head(MailboxRecord mailbox, MessageRecord message, long size)
      throws IOException {
    if (size > RecentStructures.MAX_HEADER) {
      return range(mailbox, message, 0, size);
    }
    byte[] head = headBytes(mailbox, message, size);
    return new ByteArrayInputStream(head, 0, (int) Math.min(size, head.length));
  }

  /**
   * The message's first {@code size} bytes (at most {@link RecentStructures#MAX_HEADER}; fewer when
   * the message is shorter) as kept in heap: the array may be longer than {@code size}.
   */
  private byte[] headBytes(MailboxRecord mailbox, MessageRecord message, long size)
      throws IOException {
    RecentStructures.Held h = held(mailbox, message);
    byte[] head = h.header;
    if (head == null || head.length < size) {
      try (InputStream in = range(mailbox, message, 0, size)) {
        head = in.readAllBytes();
      }
      if (head.length == size) {
        h.header = head;
      }
    }
    return head;
  }

  /** The exact bytes of a section; {@code <partial>} is the caller's. */
  public SectionBytes section(MailboxRecord mailbox, MessageRecord message, Section section)
      throws IOException {
    if (section.part().isEmpty() && section.kind() == Section.Kind.ALL) {
      return new SectionBytes(message.size(), () -> range(mailbox, message, 0, message.size()));
    }
    Sections.Target t = Sections.resolve(structure(mailbox, message), message.size(), section);
    return switch (t) {
      case Sections.Target.Range r ->
          new SectionBytes(
              r.end() - r.start(),
              // [0, n): the message's header (HEADER), which heap may hold
              () ->
                  r.start() == 0
                      ? head(mailbox, message, r.end())
                      : range(mailbox, message, r.start(), r.end()));
      case Sections.Target.Fields f -> {
        byte[] filtered;
        if (f.start() == 0 && f.end() <= RecentStructures.MAX_HEADER) {
          byte[] head = headBytes(mailbox, message, f.end());
          int length = (int) Math.min(f.end(), head.length);
          filtered = Sections.filterHeader(head, length, f.names(), f.not());
        } else {
          try (InputStream header = range(mailbox, message, f.start(), f.end())) {
            filtered = Sections.filterHeader(header, f.names(), f.not());
          }
        }
        yield new SectionBytes(filtered.length, () -> new ByteArrayInputStream(filtered));
      }
    };
  }

  /** SEARCH HEADER/BODY/TEXT. */
  public boolean matches(MailboxRecord mailbox, MessageRecord message, TextSearch search)
      throws IOException {
    MimePart root = structure(mailbox, message);
    bodyReads.incrementAndGet();
    try (InputStream in = store.openMessage(mailbox, message)) {
      return TextSearcher.matches(root, in, search);
    }
  }

  /**
   * RFC 3516 BINARY[part] (and BINARY.SIZE): the part's body with its Content-Transfer-Encoding
   * (base64, quoted-printable) undone, as Mime4j's decoders do it; 7bit, 8bit and binary bodies,
   * and multipart and message/rfc822 parts, as they are. An empty {@code part} is the whole
   * message, a part that does not exist is empty. The size is counted by decoding once, streaming.
   *
   * @throws UnknownTransferEncodingException for any other encoding (NO [UNKNOWN-CTE])
   */
  public SectionBytes binary(MailboxRecord mailbox, MessageRecord message, List<Integer> part)
      throws IOException {
    if (part.isEmpty()) {
      return section(mailbox, message, Section.all());
    }
    MimePart p = Sections.find(structure(mailbox, message), part);
    if (p == null) {
      return new SectionBytes(0, Sections::empty);
    }
    String enc = p.content().encoding() == null ? "7bit" : p.content().encoding();
    String e = enc.toLowerCase(Locale.ROOT);
    boolean leaf = p.kind() != MimePart.Kind.MULTIPART && p.kind() != MimePart.Kind.MESSAGE;
    if (!leaf || e.equals("7bit") || e.equals("8bit") || e.equals("binary")) {
      return new SectionBytes(
          p.bodySize(), () -> range(mailbox, message, p.bodyStart(), p.bodyEnd()));
    }
    if (!e.equals("base64") && !e.equals("quoted-printable")) {
      throw new UnknownTransferEncodingException(enc);
    }
    IoSupplier<InputStream> open =
        () -> TextSearcher.decode(range(mailbox, message, p.bodyStart(), p.bodyEnd()), e);
    long size = 0;
    try (InputStream in = open.get()) {
      byte[] buf = new byte[8192];
      for (int n; (n = in.read(buf)) > 0; ) {
        size += n;
      }
    }
    return new SectionBytes(size, open);
  }

  /**
   * The first field named {@code field} in the message's header, unfolded and RFC 2047-decoded (for
   * SORT SUBJECT and the like); empty when there is none.
   */
  public Optional<String> headerValue(MailboxRecord mailbox, MessageRecord message, String field)
      throws IOException {
    MimePart root = structure(mailbox, message);
    String[] found = new String[1];
    try (InputStream header = range(mailbox, message, root.headerStart(), root.bodyStart())) {
      TextSearcher.fields(
          header,
          (name, middle, raw) -> {
            if (name.equalsIgnoreCase(field)) {
              found[0] = TextSearcher.decodeWords(raw.replace("\r", "").replace("\n", ""));
              return false;
            }
            return true;
          });
    }
    return Optional.ofNullable(found[0]);
  }

  /**
   * The addresses of an address field of the message's header (From, Sender, Reply-To, To, Cc, Bcc
   * from the cached envelope; any other by reading the header), group markers left out.
   */
  public List<MailAddress> addresses(MailboxRecord mailbox, MessageRecord message, String field)
      throws IOException {
    Envelope env = structure(mailbox, message).envelope();
    List<Address> list =
        switch (field.toLowerCase(Locale.ROOT)) {
          case "from" -> env.from();
          case "sender" -> env.sender();
          case "reply-to" -> env.replyTo();
          case "to" -> env.to();
          case "cc" -> env.cc();
          case "bcc" -> env.bcc();
          default -> null;
        };
    if (list == null) {
      Optional<String> raw = rawHeaderValue(mailbox, message, field);
      list = raw.map(Address::parseList).orElse(List.of());
    }
    List<MailAddress> out = new ArrayList<>();
    for (Address a : list) {
      if (a.isGroupStart() || a.isGroupEnd()) {
        continue;
      }
      out.add(
          new MailAddress(
              a.name() == null ? null : TextSearcher.decodeWords(a.name()),
              Charsets.readable(a.mailbox()),
              Charsets.readable(a.domain())));
    }
    return out;
  }

  /**
   * SORT's address key (RFC 5256 section 3): the mailbox of the field's first address, or the name
   * of the group it begins with (as Dovecot); "" when the field is absent or empty.
   */
  public String firstMailbox(MailboxRecord mailbox, MessageRecord message, String field)
      throws IOException {
    Envelope env = structure(mailbox, message).envelope();
    List<Address> list =
        switch (field.toLowerCase(Locale.ROOT)) {
          case "from" -> env.from();
          case "to" -> env.to();
          case "cc" -> env.cc();
          default -> rawHeaderValue(mailbox, message, field).map(Address::parseList).orElse(null);
        };
    if (list == null || list.isEmpty() || list.get(0).mailbox() == null) {
      return "";
    }
    return Charsets.readable(list.get(0).mailbox());
  }

  private Optional<String> rawHeaderValue(
      MailboxRecord mailbox, MessageRecord message, String field) throws IOException {
    MimePart root = structure(mailbox, message);
    String[] found = new String[1];
    try (InputStream header = range(mailbox, message, root.headerStart(), root.bodyStart())) {
      TextSearcher.fields(
          header,
          (name, middle, raw) -> {
            if (name.equalsIgnoreCase(field)) {
              found[0] = raw.replace("\r", "").replace("\n", "");
              return false;
            }
            return true;
          });
    }
    return Optional.ofNullable(found[0]);
  }

  /** A message's parsed structure: from heap, from the cache, or parsed (streaming) and cached. */
  MimePart structure(MailboxRecord mailbox, MessageRecord message) throws IOException {
    return held(mailbox, message).root;
  }

  /** The structure of the message's body and what is made of it: one not kept is new each time. */
  private RecentStructures.Held held(MailboxRecord mailbox, MessageRecord message)
      throws IOException {
    Digest digest = message.digest();
    RecentStructures.Held h = recent.get(digest);
    if (h != null) {
      return h;
    }
    MimePart root = cache.get(digest);
    if (root != null) {
      loads.incrementAndGet();
    } else {
      bodyReads.incrementAndGet();
      try (InputStream in = store.openMessage(mailbox, message)) {
        root = MimeParser.parse(in);
      }
      parses.incrementAndGet();
      cache.put(digest, root);
    }
    h = recent.put(digest, root);
    return h != null ? h : new RecentStructures.Held(root);
  }

  private InputStream range(MailboxRecord mailbox, MessageRecord message, long start, long end)
      throws IOException {
    bodyReads.incrementAndGet();
    InputStream in = store.openMessage(mailbox, message);
    try {
      in.skipNBytes(start);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new FilterInputStream(in) {
      private long left = end - start;

      @Override
      public int read() throws IOException {
        if (left <= 0) {
          return -1;
        }
        int b = super.read();
        if (b >= 0) {
          left--;
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
          return -1;
        }
        int n = super.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
          left -= n;
        }
        return n;
      }

      @Override
      public long skip(long n) throws IOException {
        long k = super.skip(Math.min(n, left));
        left -= k;
        return k;
      }

      @Override
      public int available() throws IOException {
        return (int) Math.min(super.available(), left);
      }
    };
  }

  @Override
  public void close() {
    cache.close();
  }
}
