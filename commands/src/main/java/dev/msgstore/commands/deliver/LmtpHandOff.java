package dev.msgstore.commands.deliver;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.deliver.Delivery.Recipient;
import dev.msgstore.commands.lmtp.LmtpClient;
import dev.msgstore.commands.lmtp.LmtpClient.Reply;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code deliver} through the running daemon: the message goes over the daemon's LMTP socket
 * ({@code run/lmtp.sock}), as Cyrus's deliver hands its message to lmtpd, so that one delivery
 * costs a connection instead of opening the store. The daemon decides each recipient with the
 * store's delivery rules; each reply becomes the exit code deliver gives for the same verdict
 * in-process ({@link #exitCode}).
 *
 * <p>Before the message is sent, anything but an answering daemon (no socket, a stale one, no
 * greeting, a greeting that is not 220) means "no daemon": {@link #deliver} returns empty and
 * deliver stores the message itself. So does a recipient the daemon does not know (550 5.1.1),
 * since deliver makes the INBOX of a user id the store does not know yet and LMTP makes no account,
 * and a -r address LMTP cannot carry: deliver's rules hold whether the daemon runs or not. Once the
 * message is on its way, a connection that breaks before the replies is exit 75: the copy may or
 * may not be stored, and only a retry by the MTA is safe (at most one extra copy, never a lost
 * one).
 *
 * <p>What the daemon stores differs from an in-process delivery in one way: its first line is
 * {@code Return-Path: <sender>} (the -r address, else the null path), as with every LMTP delivery;
 * in-process only -r puts one there. The message itself arrives byte for byte (BDAT).
 */
final class LmtpHandOff {
  /** {@code MSGSTORE_DELIVER=local} in the environment: deliver never hands off. */
  static final String MODE_VARIABLE = "MSGSTORE_DELIVER";

  static final String LOCAL = "local";

  /** How long the daemon has to greet: it answers at once when it runs. */
  static final long GREETING_MILLIS = 5_000;

  /** How long it has for any other reply: a large message's commit under load can take a while. */
  static final long REPLY_MILLIS = 600_000;

  private LmtpHandOff() {}

  /** The daemon's LMTP socket under the store {@code root}. */
  static Path socket(Path root) {
    return root.resolve("run").resolve("lmtp.sock");
  }

  /**
   * Hands the message ({@code head}, then {@code rest}) to the daemon for {@code users}, sent by
   * {@code sender} (null: the null path {@code <>}). Empty when no daemon answers on {@code
   * socket}: then nothing was sent.
   */
  static Optional<Delivery> deliver(
      Path socket, String sender, List<String> users, MessageHead head, InputStream rest)
      throws IOException {
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    SocketChannel channel;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (IOException stale) {
      return Optional.empty(); // a socket file no daemon listens on (it was killed)
    }
    try (channel;
        Watchdog watchdog = new Watchdog(channel)) {
      LmtpClient lmtp =
          new LmtpClient(
              new BufferedInputStream(Channels.newInputStream(channel), 4096),
              new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
      watchdog.arm(GREETING_MILLIS);
      Reply greeting;
      try {
        greeting = lmtp.reply();
      } catch (IOException noGreeting) {
        return Optional.empty();
      }
      if (greeting.code() != 220) {
        return Optional.empty(); // shutting down, or too many connections: deliver in-process
      }
      watchdog.arm(REPLY_MILLIS);
      try {
        return transaction(lmtp, sender, users, head, rest);
      } catch (IOException broken) {
        throw new VerbFailure(
            ExitCodes.TEMPORARY,
            "the daemon's LMTP connection failed before it confirmed the delivery ("
                + broken.getMessage()
                + "); the MTA should try again");
      }
    }
  }

  /**
   * A hand-off's first steps with no message: connect, the greeting, LHLO, MAIL from the null path,
   * RSET and QUIT. The launcher's training run of the fast path (its AOT cache, JDK 25+) does this
   * against the running daemon so that the cache holds what a hand-off loads and links, the JDK's
   * UNIX-socket set-up (it builds a SecureRandom, with the security providers) included; nothing is
   * delivered. Whether the daemon answered as a hand-off expects.
   */
  static boolean rehearse(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        Watchdog watchdog = new Watchdog(channel)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      LmtpClient lmtp =
          new LmtpClient(
              new BufferedInputStream(Channels.newInputStream(channel), 4096),
              new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024));
      watchdog.arm(GREETING_MILLIS);
      if (lmtp.reply().code() != 220) {
        return false;
      }
      lmtp.command("LHLO " + hostName());
      Reply lhlo = lmtp.reply();
      boolean ok = lhlo.code() == 250 && lhlo.hasExtension("PIPELINING");
      lmtp.command("MAIL FROM:<>");
      ok &= lmtp.reply().code() == 250;
      lmtp.command("RSET");
      ok &= lmtp.reply().positive();
      quit(lmtp);
      return ok;
    }
  }

  /**
   * One transaction: LHLO, MAIL and every RCPT (pipelined when offered), then the message to the
   * recipients the daemon took (BDAT when offered, byte for byte; else DATA) and a reply for each.
   * Empty, before any of the message is sent, when deliver's own rules must decide: the daemon does
   * not know a recipient (550 5.1.1: LMTP makes no account, deliver makes the INBOX of a user id
   * the store does not know yet), or it refuses the sender's address as LMTP syntax (deliver takes
   * any -r).
   */
  private static Optional<Delivery> transaction(
      LmtpClient lmtp, String sender, List<String> users, MessageHead head, InputStream rest)
      throws IOException {
    lmtp.command("LHLO " + hostName());
    Reply lhlo = lmtp.reply();
    if (lhlo.code() != 250) {
      return Optional.empty(); // not an LMTP server we can talk to: deliver in-process
    }
    boolean chunking = lhlo.hasExtension("CHUNKING");
    String from = "MAIL FROM:<" + (sender == null ? "" : sender) + ">";
    List<Reply> rcpt = new ArrayList<>(users.size());
    Reply mail;
    if (lhlo.hasExtension("PIPELINING")) {
      lmtp.send(from);
      for (String u : users) {
        lmtp.send("RCPT TO:<" + u + ">");
      }
      lmtp.flush();
      mail = lmtp.reply();
      for (int i = 0; i < users.size(); i++) {
        rcpt.add(lmtp.reply());
      }
    } else {
      lmtp.command(from);
      mail = lmtp.reply();
      if (mail.code() == 250) {
        for (String u : users) {
          lmtp.command("RCPT TO:<" + u + ">");
          rcpt.add(lmtp.reply());
        }
      }
    }
    if (mail.code() / 100 == 5 || rcpt.stream().anyMatch(LmtpHandOff::unknownUser)) {
      quit(lmtp);
      return Optional.empty();
    }
    if (mail.code() != 250) {
      quit(lmtp);
      return Optional.of(everyone(users, mail)); // 4xx: the daemon says try again later
    }
    List<Integer> accepted = new ArrayList<>();
    for (int i = 0; i < rcpt.size(); i++) {
      if (rcpt.get(i).positive()) {
        accepted.add(i);
      }
    }
    Reply[] outcome = rcpt.toArray(new Reply[0]);
    if (accepted.isEmpty()) {
      quit(lmtp);
      return Optional.of(delivery(users, outcome));
    }
    InputStream message = head.stream(new byte[0], rest);
    if (chunking) {
      Reply refused = lmtp.bdat(message);
      if (refused != null) {
        for (int i : accepted) {
          outcome[i] = refused;
        }
        quit(lmtp);
        return Optional.of(delivery(users, outcome));
      }
    } else {
      Reply go = dataCommand(lmtp);
      if (go.code() != 354) {
        for (int i : accepted) {
          outcome[i] = go;
        }
        quit(lmtp);
        return Optional.of(delivery(users, outcome));
      }
      lmtp.data(message);
    }
    for (int i : accepted) {
      outcome[i] = lmtp.reply(); // RFC 2033: one reply per accepted recipient, in RCPT order
    }
    quit(lmtp);
    return Optional.of(delivery(users, outcome));
  }

  /** 550 5.1.1 (or a bare 550 without an enhanced code): no such user. */
  private static boolean unknownUser(Reply r) {
    int[] e = r.enhanced();
    return r.code() == 550 && (e == null || (e[1] == 1 && e[2] == 1));
  }

  private static Reply dataCommand(LmtpClient lmtp) throws IOException {
    lmtp.command("DATA");
    return lmtp.reply();
  }

  /** QUIT, politely; the delivery is decided already, so a failure here changes nothing. */
  private static void quit(LmtpClient lmtp) {
    try {
      lmtp.command("QUIT");
      lmtp.reply();
    } catch (IOException ignored) {
      // the replies that matter were read
    }
  }

  private static Delivery everyone(List<String> users, Reply r) {
    Reply[] all = new Reply[users.size()];
    java.util.Arrays.fill(all, r);
    return delivery(users, all);
  }

  private static Delivery delivery(List<String> users, Reply[] replies) {
    List<Recipient> out = new ArrayList<>(users.size());
    for (int i = 0; i < users.size(); i++) {
      Reply r = replies[i];
      int code = exitCode(r);
      out.add(
          code == ExitCodes.OK
              ? new Recipient(users.get(i), "", 0, 1, ExitCodes.OK, "")
              : Recipient.failed(users.get(i), "", code, r.line()));
    }
    return new Delivery(out, Optional.empty());
  }

  /**
   * The exit code deliver gives for an LMTP reply: 0 for 2xx, 75 (try again later) for 4xx, and for
   * 5xx by the enhanced status code's subject (RFC 3463), the inverse of the sysexits table MTAs
   * use for a local delivery agent: x.1.x addressing (unknown user) 67, x.2.x mailbox (full for
   * good, too big for it) 73, x.3.4 message too big and x.6.x content 65, x.7.x policy 77, x.5.x
   * protocol 70, anything else 69 (unavailable).
   */
  static int exitCode(Reply r) {
    if (r.positive()) {
      return ExitCodes.OK;
    }
    if (r.code() / 100 != 5) {
      return ExitCodes.TEMPORARY;
    }
    int[] e = r.enhanced();
    if (e == null) {
      return r.code() == 550 || r.code() == 551 ? ExitCodes.NO_USER : ExitCodes.UNAVAILABLE;
    }
    return switch (e[1]) {
      case 1 -> ExitCodes.NO_USER;
      case 2 -> e[2] == 1 ? ExitCodes.NO_USER : ExitCodes.CANNOT_CREATE;
      case 3 -> e[2] == 4 ? ExitCodes.DATA : ExitCodes.UNAVAILABLE;
      case 5 -> ExitCodes.SOFTWARE;
      case 6 -> ExitCodes.DATA;
      case 7 -> ExitCodes.PERMISSION;
      default -> ExitCodes.UNAVAILABLE;
    };
  }

  private static String hostName() {
    String h = System.getenv("HOSTNAME");
    return h == null || h.isBlank() || h.chars().anyMatch(c -> c <= ' ') ? "localhost" : h;
  }

  /**
   * Closes the channel when a reply takes longer than its time: a blocking read on a channel has no
   * timeout of its own. One platform thread, sleeping; closing the channel ends the read with an
   * exception.
   */
  private static final class Watchdog implements AutoCloseable {
    private final SocketChannel channel;
    private final Thread thread;
    private volatile long deadline = Long.MAX_VALUE;

    Watchdog(SocketChannel channel) {
      this.channel = channel;
      this.thread = Thread.ofPlatform().daemon().name("deliver-timeout").unstarted(this::watch);
      thread.start();
    }

    void arm(long millis) {
      deadline = System.nanoTime() + millis * 1_000_000;
    }

    private void watch() {
      try {
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            channel.close();
            return;
          }
          Thread.sleep(Math.min(left / 1_000_000 + 1, 1_000));
        }
      } catch (InterruptedException | IOException done) {
        // closed by close(), or the channel is gone
      }
    }

    @Override
    public void close() {
      thread.interrupt();
    }
  }
}
