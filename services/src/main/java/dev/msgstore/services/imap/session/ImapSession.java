package dev.msgstore.services.imap.session;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.auth.Connections;
import dev.msgstore.services.imap.command.CommandParser;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.command.ParseError;
import dev.msgstore.services.imap.handler.Handlers;
import dev.msgstore.services.imap.handler.Reply;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.wire.ImapInput;
import dev.msgstore.store.Outcome;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection (RFC 3501 section 3): reads a command, parses it, runs its handler, lets
 * the selected view announce what changed where the command allows, and answers with the tagged
 * status. Runs on its own virtual thread; blocking reads and writes are plain.
 */
public final class ImapSession implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ImapSession.class);

  private final ImapContext ctx;
  private Socket socket;
  private ImapInput input;
  private ResponseEncoder out;
  private final String address;
  private final boolean loopback;
  private String user;
  private SelectedView selected;
  private boolean loggedOut;
  private final Set<String> enabled = new HashSet<>();
  private Connections.Handle listed;
  private volatile boolean disconnected;

  public ImapSession(ImapContext ctx, Socket socket) throws IOException {
    this.ctx = ctx;
    this.socket = socket;
    InetAddress peer = socket.getInetAddress();
    this.address = peer.getHostAddress();
    this.loopback = peer.isLoopbackAddress();
    streams();
  }

  /** Reader and writer over the current socket; a new reader drops what the old one buffered. */
  private void streams() throws IOException {
    this.input =
        new ImapInput(
            new BufferedInputStream(socket.getInputStream(), 16 * 1024),
            ImapContext.MAX_LINE,
            ImapContext.MAX_LITERAL,
            ctx.maxMessage());
    this.out = new ResponseEncoder(new BufferedOutputStream(socket.getOutputStream(), 32 * 1024));
  }

  /** True once the connection speaks TLS (implicit on the ssl port, or after STARTTLS). */
  public boolean tls() {
    return socket instanceof SSLSocket;
  }

  /**
   * STARTTLS's negotiation (RFC 3501 section 6.2.1), after its tagged OK went out in the clear:
   * plaintext the client sent after the command is discarded with the old reader.
   */
  private void startTls() throws IOException {
    socket = ctx.tls().wrap(socket);
    streams();
  }

  @Override
  public void run() {
    try {
      socket.setSoTimeout(ImapContext.IDLE_TIMEOUT_MILLIS);
      out.untagged("OK [CAPABILITY " + capabilities() + "] msgstore IMAP4rev1 ready");
      out.flush();
      while (!loggedOut) {
        byte[] command;
        try {
          command = input.readCommand(() -> out.continuation("Ready for literal data"));
        } catch (ImapInput.TooLong e) {
          if (e.fatal()) {
            out.untagged("BYE " + e.getMessage());
            out.flush();
            return;
          }
          out.tagged(e.tag(), "BAD", e.getMessage());
          out.flush();
          continue;
        }
        if (command == null) {
          return;
        }
        execute(command);
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      bye("Autologout; idle for too long");
    } catch (EOFException e) {
      // the client went away inside a command
    } catch (IOException e) {
      LOG.debug("imap: connection from {} ended: {}", address, e.toString());
    } finally {
      unselect();
      if (disconnected) {
        bye("Disconnected by the administrator");
      }
      if (listed != null) {
        listed.close();
        ctx.accesses().logout(user, address);
      }
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void bye(String text) {
    try {
      out.untagged("BYE " + text);
      out.flush();
    } catch (IOException ignored) {
      // the connection is going anyway
    }
  }

  private void execute(byte[] bytes) throws IOException {
    ImapCommand command;
    try {
      command = CommandParser.parse(bytes);
    } catch (ParseError e) {
      out.tagged(e.tag(), "BAD", e.getMessage());
      return;
    }
    String name = Handlers.verb(command);
    ctx.counted(name);
    Reply reply;
    try {
      reply = Handlers.handle(this, command);
    } catch (IOException e) {
      throw e;
    } catch (RuntimeException e) {
      LOG.warn("imap: {} from {} failed", name, address, e);
      reply = Reply.no("Internal error; the command did nothing or only part of it");
    }
    if (selected != null && !loggedOut) {
      absorb();
      selected.announce(out, Handlers.allowsExpunge(command));
      if (selected.deleted()) {
        out.untagged("BYE the selected mailbox was deleted");
        loggedOut = true;
      }
    }
    if (reply != null) {
      out.tagged(command.tag(), reply.status(), reply.text());
      if (command instanceof ImapCommand.StartTls && reply.status().equals("OK")) {
        out.flush();
        startTls();
      }
    }
  }

  /** The capabilities announced now (RFC 3501 section 7.2.1): each only when it is done. */
  public String capabilities() {
    StringBuilder c =
        new StringBuilder(
            "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE UIDPLUS MOVE NAMESPACE UNSELECT CHILDREN");
    if (startTlsAvailable()) {
      c.append(" STARTTLS");
    }
    if (user == null) {
      c.append(plaintextAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
    }
    return c.toString();
  }

  /** STARTTLS is offered while the connection is plaintext and a keystore was had. */
  public boolean startTlsAvailable() {
    return ctx.tls() != null && !tls() && user == null;
  }

  /** A password in the clear: always over TLS, otherwise as service.imap.plaintextlogin says. */
  public boolean plaintextAllowed() {
    if (tls()) {
      return true;
    }
    return switch (ctx.plaintext()) {
      case YES -> true;
      case LOOPBACK -> loopback;
      case NO -> false;
    };
  }

  /**
   * A read of the projections that covers at least what the selected view has absorbed. The
   * projections this process writes are applied before any command's answer, so the plain read is
   * enough nearly always; only when the view has heard of a commit (of another process) the
   * projections have not applied yet does it go through {@link dev.msgstore.store.Store#read()},
   * which catches them up on the writer thread (and may wait for a batch's fsync there).
   */
  public ProjectionReader read() {
    long needed = selected == null ? Long.MIN_VALUE : selected.covered();
    ProjectionReader r = ctx.store().projections().beginRead();
    if (r.stamp() >= needed) {
      return r;
    }
    r.close();
    return ctx.store().read();
  }

  /** Brings the selected view up to what the journal tail has delivered. */
  public void absorb() {
    if (selected != null) {
      ctx.changes().pump(); // what any process committed before now is announced now
      selected.absorb(ctx.store()::read);
    }
  }

  /** After a commit of this session's: waits until the tail has delivered it, then absorbs. */
  public void committed(Outcome outcome) {
    ctx.changes().awaitDelivered(outcome.index());
    absorb();
  }

  /** Selects {@code mailbox} (unselecting any other), filled from the projections. */
  public SelectedView select(MailboxRecord mailbox, boolean readOnly) {
    unselect();
    for (int attempt = 0; ; attempt++) {
      SelectedView view = new SelectedView(mailbox, readOnly, ctx.claims());
      ctx.changes().pump();
      long delivered = ctx.changes().watch(mailbox.id(), view);
      try (ProjectionReader r = attempt == 0 ? read() : ctx.store().read()) {
        if (r.stamp() >= delivered) {
          view.load(r);
          selected = view;
          return view;
        }
      }
      ctx.changes().unwatch(mailbox.id(), view); // the projections lag the tail: look again
    }
  }

  public void unselect() {
    if (selected != null) {
      ctx.changes().unwatch(selected.mailbox().id(), selected);
      selected = null;
    }
  }

  /** A line the client sends outside a command (an AUTHENTICATE response, IDLE's DONE). */
  public String readLine() throws IOException {
    byte[] line = input.readLine();
    if (line == null) {
      throw new EOFException("the client went away");
    }
    return new String(line, StandardCharsets.UTF_8);
  }

  public ImapContext ctx() {
    return ctx;
  }

  public ResponseEncoder out() {
    return out;
  }

  public String user() {
    return user;
  }

  public void loggedIn(String name) {
    this.user = name;
    ctx.succeededLogin(address);
    listed =
        Connections.PROCESS.add(
            "imap",
            name,
            address + ":" + socket.getPort(),
            socket.getLocalAddress().getHostAddress() + ":" + socket.getLocalPort(),
            tls() ? "PLAIN/TLS" : "PLAIN",
            this::disconnect);
    ctx.accesses().login(name, address);
  }

  /**
   * Ends the session from another thread (imsconnutil -k): its reading side is shut, so the
   * session's own thread sees the end of the stream, says {@code * BYE} and closes; a TLS socket,
   * which cannot be half-closed, is closed at once.
   */
  private void disconnect() {
    disconnected = true;
    try {
      if (tls()) {
        socket.close();
      } else {
        socket.shutdownInput();
      }
    } catch (IOException e) {
      // gone already
    }
  }

  public String address() {
    return address;
  }

  public SelectedView selected() {
    return selected;
  }

  public Set<String> enabled() {
    return enabled;
  }

  public void logout() {
    loggedOut = true;
  }

  /** The author of this session's commits: the IMAP login and the protocol command. */
  public Author author(String origin) {
    return Author.of(user, "imap " + origin + " from " + address);
  }
}
