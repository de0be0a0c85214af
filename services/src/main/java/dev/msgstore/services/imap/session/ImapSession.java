package dev.msgstore.services.imap.session;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.services.auth.Connections;
import dev.msgstore.services.imap.command.CommandParser;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.command.MessageLiteral;
import dev.msgstore.services.imap.command.ParseError;
import dev.msgstore.services.imap.handler.Handlers;
import dev.msgstore.services.imap.handler.Reply;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.wire.ImapInput;
import dev.msgstore.store.Outcome;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
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
  private boolean admin;
  private String actingAdmin;
  private SelectedView selected;
  private boolean loggedOut;
  private final Set<String> enabled = new HashSet<>();
  private Connections.Handle listed;
  private volatile boolean disconnected;

  /**
   * Guards what a stop (another thread) writes against the session's own writes: held by IDLE's
   * pusher while it writes, and by the stop while it says BYE.
   */
  private final ReentrantLock writing = new ReentrantLock();

  private boolean waiting; // blocked reading the client, between commands or in IDLE (writing)
  private boolean stopping; // the component closes (writing)

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
            socket.getInputStream(),
            ImapContext.MAX_LINE,
            ImapContext.MAX_LITERAL,
            ctx.maxMessage(),
            ctx.spoolDir());
    this.out = new ResponseEncoder(socket.getOutputStream());
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
    if (!ctx.limits().enterAddress(address)) {
      // RFC 3501 section 7.1.5: BYE as the greeting refuses the connection
      bye(
          "Too many connections from your address ("
              + SessionLimits.PER_CLIENT
              + "="
              + ctx.limits().perClient()
              + ")");
      close();
      return;
    }
    try {
      socket.setSoTimeout(ctx.idleMillis());
      out.untagged("OK [CAPABILITY " + capabilities() + "] msgstore IMAP4rev1 ready");
      out.flush();
      while (!loggedOut) {
        byte[] command;
        try {
          if (!waiting(true)) {
            return; // said BYE
          }
          command =
              input.readCommand(
                  () -> writeUnlessStopping(() -> out.continuation("Ready for literal data")));
          if (!waiting(false)) {
            return;
          }
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
        try {
          execute(command, input.spooled());
        } finally {
          input.discard();
        }
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      LOG.debug("imap: {} idle for too long; logged out", address);
      bye("Autologout; idle for too long");
    } catch (EOFException e) {
      // the client went away inside a command
    } catch (IOException e) {
      LOG.debug("imap: connection from {} ended: {}", address, e.toString());
    } finally {
      unselect();
      input.discard();
      if (disconnected) {
        bye("Disconnected by the administrator");
      }
      if (listed != null) {
        listed.close();
        ctx.accesses().logout(user, address);
      }
      if (user != null) {
        ctx.limits().leaveUser(user);
      }
      ctx.limits().leaveAddress(address);
      close();
    }
  }

  private void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /**
   * The component closes (stop-msg): a session waiting for its client says BYE (RFC 3501 section
   * 7.1.5) at once and its connection closes; one running a command says it when the command ends.
   */
  public void stop() {
    writing.lock();
    try {
      stopping = true;
      if (waiting) {
        bye(SHUTDOWN);
        socket.close();
      }
    } catch (IOException ignored) {
      // the connection is going anyway
    } finally {
      writing.unlock();
    }
  }

  /** What stop says. */
  public static final String SHUTDOWN = "msgstore is shutting down";

  /**
   * Marks the session as waiting for its client or not; false (after BYE) when the component is
   * stopping.
   */
  private boolean waiting(boolean now) {
    writing.lock();
    try {
      if (stopping) {
        if (!now) {
          return false; // stop() said BYE and closed while the read was under way
        }
        bye(SHUTDOWN);
        return false;
      }
      waiting = now;
      return true;
    } finally {
      writing.unlock();
    }
  }

  /** Runs {@code write} unless the session is stopping (IDLE's pusher writes through this). */
  public void writeUnlessStopping(IoRunnable write) throws IOException {
    writing.lock();
    try {
      if (!stopping) {
        write.run();
      }
    } finally {
      writing.unlock();
    }
  }

  /** A write that may fail. */
  public interface IoRunnable {
    void run() throws IOException;
  }

  private void bye(String text) {
    try {
      out.untagged("BYE " + text);
      out.flush();
    } catch (IOException ignored) {
      // the connection is going anyway
    }
  }

  private void execute(byte[] bytes, MessageLiteral.Spooled spooled) throws IOException {
    ImapCommand command;
    try {
      command = CommandParser.parse(bytes, spooled);
    } catch (ParseError e) {
      out.tagged(e.tag(), "BAD", e.getMessage());
      return;
    }
    String name = Handlers.verb(command);
    ctx.counted(name);
    refreshRights();
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
    // RFC 7162, 4731, 5258, 5819, 6154
    c.append(" CONDSTORE QRESYNC ESEARCH LIST-EXTENDED LIST-STATUS SPECIAL-USE CREATE-SPECIAL-USE");
    c.append(" SORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES"); // RFC 5256
    c.append(" BINARY"); // RFC 3516
    c.append(" ACL RIGHTS=texk"); // RFC 4314; the rights beyond RFC 2086's
    c.append(" QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE QUOTASET"); // RFC 9208
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

  /**
   * Before a command on a selected mailbox: an ACL change committed before the command began, by
   * any session or process, decides what the command may do (RFC 4314 section 4). The rights are
   * looked up again only when the tail brought such a change.
   */
  private void refreshRights() {
    if (selected == null) {
      return;
    }
    ctx.changes().pump();
    if (selected.takeAclChange()) {
      try (ProjectionReader r = ctx.store().read()) {
        selected.rights(r.mailbox(selected.mailbox().id()).map(m -> rightsOn(r, m)).orElse(""));
      }
    }
  }

  /** The user's rights on {@code mailbox}: an administrator's are all of them. */
  public String rightsOn(ProjectionReader r, MailboxRecord mailbox) {
    return Rights.of(r, user, admin, mailbox);
  }

  /** The user's rights on the selected mailbox, as of this command's start. */
  public String selectedRights() {
    return selected == null ? "" : selected.rights();
  }

  /** Whether the user logged in is a store administrator ({@code store.admins}). */
  public boolean admin() {
    return admin;
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
          if (enabled.contains("QRESYNC")) {
            view.qresync();
          } else if (enabled.contains("CONDSTORE")) {
            view.condstore();
          }
          view.rights(rightsOn(r, mailbox));
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
    if (!waiting(true)) {
      throw new EOFException("the component is stopping");
    }
    byte[] line = input.readLine();
    if (!waiting(false)) {
      throw new EOFException("the component is stopping");
    }
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
    loggedIn(name, null);
  }

  /**
   * {@code by}: the administrator who logged in as {@code name} (SASL authorization identity), or
   * null; their name stays on every commit of the session and in the log.
   */
  public void loggedIn(String name, String by) {
    this.user = name;
    this.actingAdmin = by;
    this.admin = ctx.admin(name);
    if (by != null) {
      LOG.info("imap: store administrator {} logged in as {} from {}", by, name, address);
    }
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

  /**
   * A CONDSTORE-enabling command ran (RFC 7162 section 3.1): from now on the selected mailbox and
   * every later one answer with modification sequences; the first such command with a mailbox
   * selected tells its HIGHESTMODSEQ, which SELECT did not.
   */
  public void enableCondstore() throws IOException {
    if (enabled.add("CONDSTORE") && selected != null) {
      selected.condstore();
      out.untagged("OK [HIGHESTMODSEQ " + selected.highestModSeq() + "] Highest");
    }
  }

  /** The author of this session's commits: the IMAP login and the protocol command. */
  public Author author(String origin) {
    return Author.of(
        user,
        "imap " + origin + " from " + address + (actingAdmin == null ? "" : " by " + actingAdmin));
  }
}
