package dev.msgstore.services.lmtp;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.MessageHeaders;
import dev.msgstore.store.delivery.Delivered;
import dev.msgstore.store.delivery.LocalDelivery;
import dev.msgstore.store.delivery.Refusal;
import dev.msgstore.store.delivery.Resolution;
import dev.msgstore.store.delivery.Result;
import dev.msgstore.store.delivery.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One LMTP session (RFC 2033): the commands LHLO, MAIL, RCPT, DATA, BDAT (RFC 3030), RSET, NOOP,
 * QUIT, VRFY (refused); replies with enhanced status codes (RFC 2034, 3463), held back while the
 * client pipelines (RFC 2920). After the data, one reply per accepted recipient, in RCPT order,
 * each sent only once that recipient's copy is durable.
 */
final class LmtpSession {
  private static final Logger LOG = LoggerFactory.getLogger(LmtpSession.class);

  /**
   * The argument of MAIL ({@code FROM:<path> params}) or RCPT ({@code TO:<path> params}): the path
   * (may be empty) and the parameters (trailing spaces dropped; empty or starting with a space).
   */
  private record PathArg(String path, String params) {}

  private static final Pattern BDAT = Pattern.compile("(?i)BDAT\\s+(\\d{1,18})(\\s+LAST)?\\s*");

  /** The session's link to the component: settings, delivery, meters, stop and timeouts. */
  interface Host {
    LmtpSettings settings();

    String hostName();

    LocalDelivery delivery(Author author);

    ProjectionReader read();

    /** {@code size}: what MAIL's SIZE declared, or 0 (the quota check at RCPT). */
    Resolution resolve(ProjectionReader r, String address, long size);

    LmtpMeters meters();

    /**
     * Whether the session should go on on a thread of the other kind (asked between transactions):
     * {@link #run} then returns true, and {@link #proceed} goes on where it stopped.
     */
    boolean moveThread();

    /** Where a message that does not fit in heap is spooled while it is received. */
    java.nio.file.Path spoolDir();

    boolean stopping();
  }

  private enum Body {
    SEVEN_BIT,
    EIGHT_BIT,
    BINARY
  }

  /** A recipient accepted by RCPT, with where its copy goes. */
  private record Accepted(String address, Target target) {}

  private final Host host;
  private final String id;
  private final Connection conn;
  private final LmtpInput in;
  private final OutputStream out;
  private final StringBuilder held = new StringBuilder();

  // transaction state
  private boolean greeted;
  private String from; // null: no transaction
  private long declaredSize; // MAIL's SIZE=, or 0
  private Body body;
  private final List<Accepted> recipients = new ArrayList<>();

  /**
   * The log line's entries for the recipients refused at RCPT ({@code "; "}-separated), kept only
   * while INFO is enabled: the line is built once, at the end of the transaction.
   */
  private final StringBuilder refusedLog = new StringBuilder();

  private MessageBuffer chunks; // BDAT in progress
  private boolean quit;

  LmtpSession(Host host, String id, Connection conn) throws IOException {
    this.host = host;
    this.id = id;
    this.conn = conn;
    this.out = conn.output();
    this.in = new LmtpInput(conn.input(), this::beforeWait, this::afterWait);
  }

  /** Whether a transaction is open (MAIL given): a graceful stop lets it finish. */
  synchronized boolean inTransaction() {
    return from != null;
  }

  String id() {
    return id;
  }

  /**
   * Greets the client and serves it until the connection ends (false), or until, between
   * transactions, the host says it should go on on another thread (true: {@link #proceed} there).
   */
  boolean run() {
    return serve(true, true);
  }

  /**
   * Goes on serving where {@link #run} or an earlier {@code proceed} stopped, with the same answer;
   * without {@code mayMove}, to the end of the connection.
   */
  boolean proceed(boolean mayMove) {
    return serve(false, mayMove);
  }

  private boolean serve(boolean greet, boolean mayMove) {
    boolean moving = false;
    try {
      if (greet) {
        reply("220 " + host.hostName() + " msgstore LMTP ready");
      }
      while (!quit) {
        if (host.stopping() && !inTransaction()) {
          reply("421 4.3.2 " + host.hostName() + " Service shutting down");
          break;
        }
        if (mayMove && from == null && chunks == null && host.moveThread()) {
          moving = true; // what is held or buffered stays with the session
          return true;
        }
        conn.waitFor(host.settings().commandTimeout());
        LmtpInput.Line line = in.readLine(host.settings().maxLineLength());
        if (line == null) {
          break; // the client went away; an open transaction ends with nothing delivered
        }
        command(line);
      }
      flush();
    } catch (IOException e) {
      // the client went away or timed out: nothing more to say to it
      LOG.debug("lmtp({}): connection ended: {}", id, e.toString());
    } finally {
      if (!moving) {
        if (from != null) {
          logTransaction("aborted, nothing delivered", null);
        }
        reset(); // removes a BDAT spool
      }
    }
    return false;
  }

  private void beforeWait() {
    try {
      flush();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    conn.waiting(true);
  }

  private void afterWait() {
    conn.waiting(false);
  }

  // ---- replies ----

  private void reply(String line) throws IOException {
    held.append(line).append("\r\n");
    flushUnlessPipelined();
  }

  /**
   * Several reply lines sent together (LHLO's, the replies after the data): one write, where a
   * write each would send the later ones only once the client acknowledged the first (Nagle's
   * algorithm: the socket has no TCP_NODELAY), a delayed acknowledgement's wait for each.
   */
  private void reply(List<String> lines) throws IOException {
    for (String line : lines) {
      held.append(line).append("\r\n");
    }
    flushUnlessPipelined();
  }

  private void flushUnlessPipelined() throws IOException {
    if (!in.buffered() || held.length() > 32 * 1024) {
      flush();
    }
  }

  private void flush() throws IOException {
    if (held.isEmpty()) {
      return;
    }
    byte[] b = held.toString().getBytes(StandardCharsets.UTF_8);
    held.setLength(0);
    synchronized (conn) {
      out.write(b);
      out.flush();
    }
  }

  // ---- commands ----

  private void command(LmtpInput.Line line) throws IOException {
    if (line.tooLong()) {
      host.meters().reject("line_too_long");
      reply("500 5.5.2 Line too long");
      return;
    }
    String text = new String(line.bytes(), StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f) {
        host.meters().reject("syntax");
        reply("500 5.5.2 Invalid character in command"); // NUL, a bare CR, other controls
        return;
      }
    }
    int space = text.indexOf(' ');
    String verb = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    String args = space < 0 ? "" : text.substring(space + 1);
    switch (verb) {
      case "LHLO" -> lhlo(args);
      case "MAIL" -> mail(args);
      case "RCPT" -> rcpt(args);
      case "DATA" -> data(args);
      case "BDAT" -> bdat(text);
      case "RSET" -> {
        reset();
        reply("250 2.0.0 Ok");
      }
      case "NOOP" -> reply("250 2.0.0 Ok");
      case "QUIT" -> {
        reply("221 2.0.0 " + host.hostName() + " Bye");
        quit = true;
      }
      case "VRFY", "EXPN" -> reply("502 5.5.1 " + verb + " is not available");
      case "HELO", "EHLO" -> reply("500 5.5.1 This is LMTP: greet with LHLO");
      default -> {
        host.meters().reject("syntax");
        reply("500 5.5.1 Unknown command");
      }
    }
  }

  private void lhlo(String args) throws IOException {
    if (args.isBlank()) {
      reply("501 5.5.4 LHLO needs a host name");
      return;
    }
    reset();
    greeted = true;
    reply(
        List.of(
            "250-" + host.hostName(),
            "250-PIPELINING",
            "250-ENHANCEDSTATUSCODES",
            "250-8BITMIME",
            "250-SIZE " + host.settings().maxMessageSize(),
            "250-CHUNKING",
            "250 BINARYMIME"));
  }

  private void mail(String args) throws IOException {
    if (!greeted) {
      reply("503 5.5.1 Send LHLO first");
      return;
    }
    if (from != null) {
      reply("503 5.5.1 Nested MAIL command");
      return;
    }
    PathArg m = pathArg(args, "FROM");
    if (m == null) {
      reply("501 5.5.4 Syntax: MAIL FROM:<address> [SIZE=n] [BODY=7BIT|8BITMIME|BINARYMIME]");
      return;
    }
    Body kind = Body.SEVEN_BIT;
    long declared = 0;
    for (String p : words(m.params())) {
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? "" : p.substring(eq + 1).toUpperCase(Locale.ROOT);
      switch (key) {
        case "SIZE" -> {
          long size;
          try {
            size = Long.parseLong(value);
          } catch (NumberFormatException e) {
            reply("501 5.5.4 Bad SIZE parameter");
            return;
          }
          if (size > host.settings().maxMessageSize()) {
            host.meters().reject("too_big");
            reply("552 5.3.4 Message size exceeds fixed limit");
            return;
          }
          declared = Math.max(0, size);
        }
        case "BODY" -> {
          switch (value) {
            case "7BIT" -> kind = Body.SEVEN_BIT;
            case "8BITMIME" -> kind = Body.EIGHT_BIT;
            case "BINARYMIME" -> kind = Body.BINARY;
            default -> {
              reply("501 5.5.4 Unknown BODY type " + value);
              return;
            }
          }
        }
        default -> {
          reply("555 5.5.4 Unsupported parameter " + key);
          return;
        }
      }
    }
    synchronized (this) {
      from = m.path();
    }
    declaredSize = declared;
    body = kind;
    reply("250 2.1.0 Ok");
  }

  private void rcpt(String args) throws IOException {
    if (from == null) {
      reply("503 5.5.1 MAIL needed first");
      return;
    }
    if (chunks != null) {
      reply("503 5.5.1 RCPT after BDAT");
      return;
    }
    PathArg m = pathArg(args, "TO");
    if (m == null) {
      reply("501 5.5.4 Syntax: RCPT TO:<address>");
      return;
    }
    if (!m.params().isBlank()) {
      reply("555 5.5.4 Unsupported parameter " + words(m.params()).get(0));
      return;
    }
    String address = m.path();
    if (address.isEmpty() || address.indexOf('@') == 0) {
      reply("501 5.1.3 Bad recipient address syntax");
      return;
    }
    if (recipients.size() >= host.settings().maxRecipients()) {
      host.meters().reject("too_many_recipients");
      reply("452 4.5.3 Too many recipients");
      return;
    }
    Resolution r;
    try (ProjectionReader state = host.read()) {
      r = host.resolve(state, address, declaredSize);
    } catch (RuntimeException e) {
      LOG.warn("lmtp({}): cannot resolve a recipient: {}", id, e.toString());
      host.meters().reject("failed");
      reply("451 4.3.0 <" + address + "> Temporary failure looking the user up");
      return;
    }
    switch (r) {
      case Target t -> {
        recipients.add(new Accepted(address, t));
        reply("250 2.1.5 <" + address + "> OK");
      }
      case Refusal no -> {
        String code = rcptCode(no);
        host.meters().reject(no.reason().name().toLowerCase(Locale.ROOT));
        if (LOG.isInfoEnabled()) {
          entry(refusedLog, address).append(code).append(' ').append(no.text());
        }
        reply(code + " <" + address + "> " + replyText(no));
      }
    }
  }

  /**
   * {@code KEYWORD:<path> params} (the keyword in any case, spaces allowed before the {@code <},
   * the path without spaces or angle brackets, parameters only after a space), or null when {@code
   * args} is not that. Read by hand rather than by a regular expression: MAIL and RCPT come with
   * every message.
   */
  private static PathArg pathArg(String args, String keyword) {
    int n = keyword.length();
    int len = args.length();
    if (len <= n || args.charAt(n) != ':') {
      return null;
    }
    for (int i = 0; i < n; i++) {
      char c = args.charAt(i);
      if (c != keyword.charAt(i) && c != Character.toLowerCase(keyword.charAt(i))) {
        return null;
      }
    }
    int p = n + 1;
    while (p < len && space(args.charAt(p))) {
      p++;
    }
    if (p == len || args.charAt(p) != '<') {
      return null;
    }
    int start = ++p;
    while (p < len && args.charAt(p) != '<' && args.charAt(p) != '>' && !space(args.charAt(p))) {
      p++;
    }
    if (p == len || args.charAt(p) != '>') {
      return null;
    }
    String path = args.substring(start, p++);
    if (p < len && !space(args.charAt(p))) {
      return null;
    }
    int end = len;
    while (end > p && space(args.charAt(end - 1))) {
      end--;
    }
    return new PathArg(path, args.substring(p, end));
  }

  /** A space as a regular expression's {@code \s} has it: space, tab, LF, VT, FF, CR. */
  private static boolean space(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  /** The words of {@code params}, stripped, between runs of {@link #space} characters. */
  private static List<String> words(String params) {
    String s = params.strip();
    List<String> out = new ArrayList<>(2);
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && !space(s.charAt(i))) {
        i++;
      }
      out.add(s.substring(start, i));
      while (i < s.length() && space(s.charAt(i))) {
        i++;
      }
    }
    return out;
  }

  /** The reply code and enhanced code for a refused recipient (RFC 3463). */
  private String rcptCode(Refusal no) {
    return switch (no.reason()) {
      case UNKNOWN_USER, INVALID -> "550 5.1.1";
      case DISABLED -> "550 5.2.1";
      case TEMPORARY -> "450 4.2.1";
      case OVER_QUOTA -> host.settings().overQuotaPermanent() ? "552 5.2.2" : "452 4.2.2";
      case TOO_BIG -> "552 5.3.4";
      case FAILED -> "451 4.3.0";
    };
  }

  private static String replyText(Refusal no) {
    return switch (no.reason()) {
      case UNKNOWN_USER, INVALID -> "User doesn't exist";
      case DISABLED -> "Mailbox disabled, not accepting messages";
      case TEMPORARY -> "Mailbox temporarily not accepting messages";
      case OVER_QUOTA -> "Mailbox is full";
      case TOO_BIG -> "Message size exceeds fixed limit";
      case FAILED -> "Temporary failure saving the message";
    };
  }

  private void data(String args) throws IOException {
    if (from == null) {
      reply("503 5.5.1 MAIL needed first");
      return;
    }
    if (chunks != null || body == Body.BINARY) {
      reply("503 5.5.1 DATA is not allowed with BDAT or BODY=BINARYMIME");
      return;
    }
    if (recipients.isEmpty()) {
      reply("503 5.5.1 No valid recipients");
      return;
    }
    if (!args.isBlank()) {
      reply("501 5.5.4 DATA takes no arguments");
      return;
    }
    reply("354 OK, end data with <CR><LF>.<CR><LF>");
    try (MessageBuffer message = newMessage()) {
      conn.waitFor(host.settings().dataTimeout());
      if (in.readData(message) == LmtpInput.DataEnd.EOF) {
        throw new IOException("the connection closed within DATA");
      }
      finish(message);
    }
  }

  private void bdat(String text) throws IOException {
    Matcher m = BDAT.matcher(text);
    if (!m.matches()) {
      // Without a size the chunk cannot be skipped: the session cannot go on (RFC 3030).
      reply("501 5.5.4 Syntax: BDAT size [LAST]; closing the connection");
      quit = true;
      return;
    }
    long size = Long.parseLong(m.group(1));
    boolean last = m.group(2) != null;
    boolean refused = from == null || recipients.isEmpty();
    if (refused) {
      try (MessageBuffer skip = new MessageBuffer(new byte[0], 0, null)) {
        conn.waitFor(host.settings().dataTimeout());
        if (!in.readChunk(size, skip)) {
          throw new IOException("the connection closed within a BDAT chunk");
        }
      }
      reply(from == null ? "503 5.5.1 MAIL needed first" : "503 5.5.1 No valid recipients");
      return;
    }
    if (chunks == null) {
      chunks = newMessage();
    }
    conn.waitFor(host.settings().dataTimeout());
    if (!in.readChunk(size, chunks)) {
      throw new IOException("the connection closed within a BDAT chunk");
    }
    if (!last) {
      reply("250 2.0.0 " + size + " octets received");
      return;
    }
    try (MessageBuffer message = chunks) {
      finish(message);
    }
  }

  private MessageBuffer newMessage() {
    String path = "Return-Path: <" + from + ">\r\n";
    return new MessageBuffer(
        path.getBytes(StandardCharsets.UTF_8),
        host.settings().maxMessageSize(),
        host.spoolDir(),
        declaredSize);
  }

  /** Delivers the message received to every accepted recipient and replies for each. */
  private void finish(MessageBuffer message) throws IOException {
    host.meters().received(message.received());
    List<String> replies = new ArrayList<>(recipients.size());
    // the log line's entries for this message's recipients: built only when it will be written
    StringBuilder where = LOG.isInfoEnabled() ? new StringBuilder(64 * recipients.size()) : null;
    if (message.tooBig()) {
      for (Accepted a : recipients) {
        host.meters().reject("too_big");
        replies.add("552 5.3.4 <" + a.address() + "> Message size exceeds fixed limit");
        if (where != null) {
          entry(where, a.address())
              .append("552 5.3.4 message too big (")
              .append(message.received())
              .append(" bytes)");
        }
      }
    } else {
      // One copy per distinct target: two addresses of one user share it and its reply.
      Map<Target, Integer> index = new LinkedHashMap<>();
      for (Accepted a : recipients) {
        index.putIfAbsent(a.target(), index.size());
      }
      List<Target> targets = new ArrayList<>(index.keySet());
      MessageHeaders headers =
          MessageHeaders.scan(
              message.head(), Math.min(message.headSize(), MessageHeaders.SCAN_LIMIT));
      List<Result> results;
      try (InputStream bytes = message.open()) {
        results =
            host.delivery(Author.of("lmtp", "LMTP " + id))
                .deliver(targets, bytes, headers, AppendOptions.DEFAULT);
      } catch (IOException | RuntimeException e) {
        LOG.warn("lmtp({}): storing the message failed: {}", id, e.toString());
        results = new ArrayList<>();
        for (Target t : targets) {
          results.add(new Refusal(t.user(), t.mailbox(), Refusal.Reason.FAILED, e.toString(), e));
        }
      }
      for (Accepted a : recipients) {
        Result r = results.get(index.get(a.target()));
        switch (r) {
          case Delivered d -> {
            host.meters().delivered();
            replies.add("250 2.0.0 <" + a.address() + "> Saved");
            if (where != null) {
              entry(where, a.address())
                  .append("saved mail to ")
                  .append(mailboxName(d))
                  .append(" (uid ")
                  .append(d.uid())
                  .append(')');
            }
          }
          case Refusal no -> {
            String code = rcptCode(no);
            host.meters().reject(no.reason().name().toLowerCase(Locale.ROOT));
            replies.add(code + " <" + a.address() + "> " + replyText(no));
            if (where != null) {
              entry(where, a.address()).append(code).append(' ').append(no.text());
            }
          }
        }
      }
    }
    logTransaction(where == null ? null : message.received() + " bytes", where);
    reset();
    reply(replies);
  }

  /** {@code user/joe/INBOX} as Dovecot names it for joe: {@code INBOX}; others in full. */
  private static String mailboxName(Delivered d) {
    String own = "user/" + d.user() + "/";
    return d.mailbox().startsWith(own) ? d.mailbox().substring(own.length()) : d.mailbox();
  }

  /** Starts a recipient's entry in a log line's list: {@code "; "} between entries. */
  private static StringBuilder entry(StringBuilder entries, String address) {
    if (!entries.isEmpty()) {
      entries.append("; ");
    }
    return entries.append(address).append(": ");
  }

  /**
   * The transaction's one INFO line: {@code lmtp(ID): from=<PATH>, WHAT: ENTRIES}, the entries
   * those refused at RCPT, then where each copy went. Built once into one String and logged without
   * arguments (no SLF4J formatting, no argument array): it is written for every message.
   */
  private void logTransaction(String what, StringBuilder where) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    StringBuilder line =
        new StringBuilder(
            40 + refusedLog.length() + (where == null ? 0 : where.length()) + id.length());
    line.append("lmtp(").append(id).append("): from=<").append(from == null ? "" : from);
    line.append(">, ").append(what).append(": ");
    int entries = line.length();
    line.append(refusedLog);
    if (where != null && !where.isEmpty()) {
      if (line.length() > entries) {
        line.append("; ");
      }
      line.append(where);
    }
    if (line.length() == entries) {
      line.append("no recipients");
    }
    LOG.info(line.toString());
  }

  private void reset() {
    synchronized (this) {
      from = null;
    }
    declaredSize = 0;
    body = null;
    recipients.clear();
    refusedLog.setLength(0);
    if (chunks != null) {
      chunks.close();
      chunks = null;
    }
  }
}
