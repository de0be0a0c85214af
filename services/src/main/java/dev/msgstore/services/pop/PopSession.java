package dev.msgstore.services.pop;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.services.auth.Connections;
import dev.msgstore.services.auth.Logins;
import dev.msgstore.services.auth.SaslPlain;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.command.Expunge;
import dev.msgstore.store.directory.UserStatus;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One POP3 connection (RFC 1939): the AUTHORIZATION state (USER/PASS, AUTH PLAIN of RFC 5034, STLS
 * of RFC 2595, CAPA of RFC 2449), then TRANSACTION on the user's locked INBOX, then at QUIT the
 * UPDATE state, where the messages marked deleted are expunged in one commit. A connection that
 * ends any other way (dropped, timed out, the daemon killed) changes nothing.
 */
final class PopSession implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PopSession.class);

  /** The commands counted by name; anything else is counted as UNKNOWN. */
  private static final Set<String> COMMANDS =
      Set.of(
          "USER", "PASS", "AUTH", "STLS", "CAPA", "QUIT", "STAT", "LIST", "RETR", "DELE", "NOOP",
          "RSET", "TOP", "UIDL", "APOP");

  private final PopContext ctx;
  private Socket socket;
  private BufferedInputStream in;
  private OutputStream out;
  private final String address;
  private final boolean loopback;
  private final long since = System.currentTimeMillis();
  private String userGiven; // USER's argument, waiting for PASS
  private volatile String user; // set once the maildrop is locked
  private Maildrop maildrop;
  private Connections.Handle listed;
  private boolean done;

  PopSession(PopContext ctx, Socket socket) throws IOException {
    this.ctx = ctx;
    this.socket = socket;
    InetAddress peer = socket.getInetAddress();
    this.address = peer.getHostAddress();
    this.loopback = peer.isLoopbackAddress();
    streams();
  }

  private void streams() throws IOException {
    in = new BufferedInputStream(socket.getInputStream(), 8 * 1024);
    out = new BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
  }

  /** The logged-in user, or null. */
  String user() {
    return user;
  }

  String address() {
    return address;
  }

  long since() {
    return since;
  }

  boolean tls() {
    return socket instanceof SSLSocket;
  }

  /** Ends the session from outside (imsconnutil -k, the component closing): nothing is expunged. */
  void disconnect() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closed anyway
    }
  }

  @Override
  public void run() {
    try {
      socket.setSoTimeout(ctx.idleMillis());
      line("+OK msgstore POP3 server ready");
      out.flush();
      while (!done) {
        String line = readLine();
        if (line == null) {
          return;
        }
        execute(line);
        // RFC 2449 PIPELINING: answers may wait until the client has sent all it sent
        if (in.available() == 0) {
          out.flush();
        }
      }
      out.flush();
    } catch (SocketTimeoutException e) {
      LOG.debug("pop: {} idle for too long; closed without updating", address);
      try {
        line("-ERR Autologout; idle for too long");
        out.flush();
      } catch (IOException ignored) {
        // going anyway
      }
    } catch (IOException e) {
      LOG.debug("pop: connection from {} ended: {}", address, e.toString());
    } finally {
      if (user != null) {
        ctx.unlock(user, this);
        listed.close();
        ctx.accesses().logout(user, address);
      }
      disconnect();
    }
  }

  /** A line without its CRLF, or null at the end of the stream; a longer one than allowed fails. */
  private String readLine() throws IOException {
    byte[] buf = new byte[256];
    int n = 0;
    boolean tooLong = false;
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        break;
      }
      if (n == buf.length) {
        if (n >= PopContext.MAX_LINE) {
          tooLong = true;
          n = 0;
        } else {
          buf = java.util.Arrays.copyOf(buf, n * 2);
        }
      }
      buf[n++] = (byte) b;
    }
    if (tooLong) {
      return "";
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  private void line(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.write('\r');
    out.write('\n');
  }

  private void execute(String line) throws IOException {
    int space = line.indexOf(' ');
    String name = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String arg = space < 0 ? "" : line.substring(space + 1);
    ctx.counted(COMMANDS.contains(name) ? name : "UNKNOWN");
    try {
      if (name.equals("CAPA")) {
        capa();
      } else if (name.equals("QUIT")) {
        quit();
      } else if (name.equals("NOOP") && maildrop != null) {
        line("+OK");
      } else if (maildrop == null) {
        authorization(name, arg);
      } else {
        transaction(name, arg);
      }
    } catch (RuntimeException e) {
      LOG.warn("pop: {} from {} failed", name, address, e);
      line("-ERR [SYS/TEMP] Internal error");
    }
  }

  /** CAPA (RFC 2449 section 5): what this state offers now. */
  private void capa() throws IOException {
    line("+OK Capability list follows");
    line("TOP");
    line("UIDL");
    line("RESP-CODES");
    line("AUTH-RESP-CODE");
    line("PIPELINING");
    if (maildrop == null) {
      if (plaintextAllowed()) {
        line("USER");
        line("SASL PLAIN");
      }
      if (ctx.tls() != null && !tls()) {
        line("STLS");
      }
    }
    line("IMPLEMENTATION msgstore");
    line(".");
  }

  private boolean plaintextAllowed() {
    return ctx.plaintext().allows(tls(), loopback);
  }

  private void authorization(String name, String arg) throws IOException {
    switch (name) {
      case "USER" -> {
        if (!plaintextAllowed()) {
          line("-ERR [AUTH] Plaintext authentication is disabled here; use STLS first");
        } else if (arg.isBlank()) {
          line("-ERR USER needs a name");
        } else {
          userGiven = arg.strip();
          line("+OK Send your password");
        }
      }
      case "PASS" -> {
        if (userGiven == null) {
          line("-ERR USER first");
        } else {
          String name0 = userGiven;
          userGiven = null;
          login(name0, arg.toCharArray(), "USER");
        }
      }
      case "AUTH" -> auth(arg.strip());
      case "STLS" -> {
        if (ctx.tls() == null) {
          line("-ERR STLS is not offered here (no TLS keystore)");
        } else if (tls()) {
          line("-ERR Command not permitted when TLS active");
        } else {
          line("+OK Begin TLS negotiation now");
          out.flush();
          // RFC 2595 section 4: what the client sent after STLS in the clear is discarded
          socket = ctx.tls().wrap(socket);
          streams();
          userGiven = null;
        }
      }
      case "APOP" -> line("-ERR APOP is not offered here (the store keeps no clear passwords)");
      default -> line("-ERR Unknown command or not valid before login");
    }
  }

  /** AUTH (RFC 5034) with PLAIN, the initial response on the line or after an empty challenge. */
  private void auth(String arg) throws IOException {
    if (arg.isEmpty()) {
      line("+OK Supported mechanisms follow");
      if (plaintextAllowed()) {
        line("PLAIN");
      }
      line(".");
      return;
    }
    String[] words = arg.split(" ", 2);
    if (!words[0].equalsIgnoreCase("PLAIN")) {
      line("-ERR Unsupported authentication mechanism " + words[0]);
      return;
    }
    if (!plaintextAllowed()) {
      line("-ERR [AUTH] Plaintext authentication is disabled here; use STLS first");
      return;
    }
    String response = words.length > 1 ? words[1].strip() : null;
    if (response == null) {
      line("+ ");
      out.flush();
      response = readLine();
      if (response == null) {
        done = true;
        return;
      }
      if (response.strip().equals("*")) {
        line("-ERR Authentication cancelled");
        return;
      }
    }
    if (response.equals("=")) {
      response = ""; // RFC 5034 section 4: an empty initial response
    }
    SaslPlain plain;
    try {
      plain = SaslPlain.decode(response);
    } catch (IllegalArgumentException e) {
      line("-ERR " + e.getMessage());
      return;
    }
    if (plain.actsAsAnother()) {
      java.util.Arrays.fill(plain.password(), '\0');
      line("-ERR [AUTH] Acting as another user is not allowed");
      return;
    }
    login(plain.authcid(), plain.password(), "PLAIN");
  }

  private void login(String name, char[] password, String method) throws IOException {
    Logins.Result result = ctx.logins().check(name, password);
    switch (result) {
      case Logins.Result.Unavailable u ->
          line("-ERR [SYS/TEMP] The directory cannot be reached; try again later");
      case Logins.Result.Moving m -> line("-ERR [SYS/TEMP] " + m.reason() + "; try again later");
      case Logins.Result.Refused r -> {
        Logins.pause(ctx.failedLogin(address));
        line("-ERR [AUTH] " + reason(r.status()));
      }
      case Logins.Result.Accepted a -> {
        ctx.logins().succeeded(address);
        if (!ctx.lock(a.user(), this)) {
          line("-ERR [IN-USE] The maildrop is in use by another POP3 session");
          return;
        }
        try (ProjectionReader r = ctx.store().read()) {
          maildrop = Maildrop.of(r, a.user());
        } catch (RuntimeException e) {
          ctx.unlock(a.user(), this);
          throw e;
        }
        user = a.user();
        listed =
            ctx.connections()
                .add(
                    "pop",
                    user,
                    address + ":" + socket.getPort(),
                    socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort(),
                    tls() ? method + "/TLS" : method,
                    this::disconnect);
        ctx.accesses().login(user, address);
        line(
            "+OK Maildrop locked and ready, "
                + maildrop.count()
                + " messages ("
                + maildrop.octets()
                + " octets)");
      }
    }
  }

  private static String reason(UserStatus status) {
    if (status == null) {
      return "Authentication failed";
    }
    return switch (status) {
      case INACTIVE -> "Account is inactive";
      case HOLD -> "Account is on hold";
      case DELETED, REMOVED -> "Account has been deleted";
      case ACTIVE -> "Authentication failed";
    };
  }

  private void transaction(String name, String arg) throws IOException {
    switch (name) {
      case "STAT" -> line("+OK " + maildrop.count() + " " + maildrop.octets());
      case "LIST" -> listing(arg, false);
      case "UIDL" -> listing(arg, true);
      case "RETR" -> {
        Optional<Integer> n = number(arg);
        if (n.isPresent()) {
          send(n.get(), -1);
        }
      }
      case "TOP" -> {
        String[] w = arg.strip().split("\\s+");
        long lines;
        try {
          lines = w.length == 2 ? Long.parseLong(w[1]) : -1;
        } catch (NumberFormatException e) {
          lines = -1;
        }
        if (lines < 0) {
          line("-ERR TOP takes a message number and a number of lines");
          return;
        }
        Optional<Integer> n = number(w[0]);
        if (n.isPresent()) {
          send(n.get(), lines);
        }
      }
      case "DELE" -> {
        Optional<Integer> n = number(arg);
        if (n.isPresent()) {
          maildrop.delete(n.get());
          line("+OK message " + n.get() + " deleted");
        }
      }
      case "RSET" -> {
        maildrop.reset();
        line(
            "+OK maildrop has "
                + maildrop.count()
                + " messages ("
                + maildrop.octets()
                + " octets)");
      }
      case "USER", "PASS", "AUTH", "STLS", "APOP" -> line("-ERR Already logged in");
      default -> line("-ERR Unknown command");
    }
  }

  /** A message number that names a message not marked deleted; otherwise answers -ERR. */
  private Optional<Integer> number(String arg) throws IOException {
    int n;
    try {
      n = Integer.parseInt(arg.strip());
    } catch (NumberFormatException e) {
      line("-ERR A message number is needed");
      return Optional.empty();
    }
    if (!maildrop.exists(n)) {
      line("-ERR No such message");
      return Optional.empty();
    }
    if (maildrop.deleted(n)) {
      line("-ERR Message " + n + " is already deleted");
      return Optional.empty();
    }
    return Optional.of(n);
  }

  private void listing(String arg, boolean uidl) throws IOException {
    if (!arg.isBlank()) {
      Optional<Integer> n = number(arg);
      if (n.isPresent()) {
        line("+OK " + n.get() + " " + entry(n.get(), uidl));
      }
      return;
    }
    line(
        uidl
            ? "+OK Unique-id listing follows"
            : "+OK " + maildrop.count() + " messages (" + maildrop.octets() + " octets)");
    for (int n = 1; n <= maildrop.size(); n++) {
      if (!maildrop.deleted(n)) {
        line(n + " " + entry(n, uidl));
      }
    }
    line(".");
  }

  private String entry(int n, boolean uidl) {
    return uidl ? maildrop.uidl(n) : Long.toString(maildrop.message(n).orElseThrow().size());
  }

  /**
   * RETR ({@code lines} -1) or TOP: the message as stored, byte-stuffed (RFC 1939 section 3), its
   * lines ending in CRLF, then the terminating ".". A message another client expunged meanwhile is
   * still served from the store's expunge ledger while it holds it.
   */
  private void send(int n, long lines) throws IOException {
    MessageRecord m = maildrop.message(n).orElseThrow();
    MailboxRecord mailbox = maildrop.mailbox().orElseThrow();
    InputStream body;
    try (ProjectionReader r = ctx.store().projections().beginRead()) {
      Optional<MessageRecord> present =
          r.message(mailbox.id(), m.uid())
              .or(() -> r.expunged(mailbox.id(), m.uid()).map(ExpungedMessage::message));
      if (present.isEmpty()) {
        line("-ERR [SYS/TEMP] Message " + n + " was removed by another client");
        return;
      }
      body = ctx.store().openMessage(r.mailbox(mailbox.id()).orElse(mailbox), present.get());
    }
    try (InputStream b = new BufferedInputStream(body, 32 * 1024)) {
      line(lines < 0 ? "+OK " + m.size() + " octets" : "+OK Top of message follows");
      DotStuffing.copy(b, out, lines);
      line(".");
    }
  }

  /** QUIT (RFC 1939 sections 5 and 6): the UPDATE state expunges the deleted in one commit. */
  private void quit() throws IOException {
    done = true;
    if (maildrop == null) {
      line("+OK msgstore POP3 server signing off");
      return;
    }
    List<Long> uids = maildrop.deletedUids();
    int removed = 0;
    if (!uids.isEmpty()) {
      try {
        removed = expunge(maildrop.mailbox().orElseThrow(), uids);
      } catch (Rejected | IllegalStateException e) {
        LOG.warn("pop: QUIT of {} could not expunge: {}", user, e.getMessage());
        ctx.unlock(user, this);
        line("-ERR [SYS/TEMP] Some deleted messages were not removed: " + e.getMessage());
        return;
      }
    }
    // the UPDATE state is over: a client that reconnects the moment it reads +OK finds the
    // maildrop free (it raced the end of this session's thread before)
    ctx.unlock(user, this);
    line(
        "+OK msgstore POP3 server signing off ("
            + removed
            + " messages deleted, "
            + (maildrop.size() - uids.size())
            + " left)");
  }

  /**
   * Expunges those of {@code uids} still in the INBOX when the commit runs: another client may have
   * removed some meanwhile ({@link Expunge#present}).
   */
  private int expunge(MailboxRecord inbox, List<Long> uids) {
    String name;
    try (ProjectionReader r = ctx.store().read()) {
      Optional<MailboxRecord> now = r.mailbox(inbox.id());
      if (now.isEmpty()) {
        return 0; // the INBOX itself went meanwhile
      }
      name = now.get().name();
    }
    return ctx
        .store()
        .execute(Author.of(user, "pop QUIT from " + address), Expunge.present(name, uids))
        .eventsOf(MessageEvent.Expunged.class)
        .stream()
        .mapToInt(e -> e.uids().size())
        .sum();
  }
}
