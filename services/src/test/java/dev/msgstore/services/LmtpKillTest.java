package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon in the middle of an LMTP load, 20 rounds: the watcher start-msg started
 * brings it back (four rounds in five; every fifth, {@code stop-msg -f} and {@code start-msg}, so
 * that the watcher's limit of five restarts in five minutes is never what is tested). Clients retry
 * the recipients that got no reply, as an MTA does. In the end every copy acknowledged with 250 is
 * in the store with the bytes sent, and a copy not acknowledged is there at most once per attempt
 * that got no reply.
 */
class LmtpKillTest {
  private static final int ROUNDS = Integer.getInteger("lmtp.kill.rounds", 20);
  private static final int CLIENTS = 4;
  private static final String[] USERS = {"u0", "u1", "u2", "u3"};

  @TempDir Path root;

  /** Per "id user": the SHA-256 of what was acknowledged. */
  private final Map<String, String> acked = new ConcurrentHashMap<>();

  /** Per "id user": attempts that ended without a reply for that recipient. */
  private final Map<String, AtomicInteger> unacked = new ConcurrentHashMap<>();

  /** Per id: the SHA-256 of the bytes every copy must have. */
  private final Map<String, String> expected = new ConcurrentHashMap<>();

  @AfterEach
  void killLeftovers() throws IOException {
    for (String f : List.of("watcher.pid", "daemon.pid")) {
      Path pid = root.resolve("run").resolve(f);
      if (Files.exists(pid)) {
        ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
            .ifPresent(
                p -> {
                  p.destroyForcibly();
                  p.onExit().join();
                });
      }
    }
  }

  private void ok(Cli c) {
    assertEquals(0, c.exit(), c::toString);
  }

  @Test
  void everyAcknowledgedCopySurvivesKillNine() throws Exception {
    String store = root.toString();
    for (String u : USERS) {
      ok(Cli.run("mboxutil", "-c", "user/" + u + "/INBOX", "--store", store));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ok(Cli.run("configutil", "-o", "service.lmtp.port", "-v", "" + port, "--store", store));
    ok(Cli.run("configutil", "-o", "service.http.enable", "-v", "no", "--store", store));
    ok(Cli.run("start-msg", "--store", store));

    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger transactions = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      int client = i;
      clients.add(
          Thread.ofPlatform()
              .name("lmtp-load-" + i)
              .start(() -> load(port, client, loading, transactions)));
    }
    Random r = new Random(42);
    for (int round = 1; round <= ROUNDS; round++) {
      int before = transactions.get();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (transactions.get() < before + 5 + r.nextInt(10)) { // in the middle of a load
        assertTrue(System.nanoTime() < deadline, "round " + round + ": the load stalled");
        Thread.sleep(5);
      }
      long pid = daemonPid();
      if (round % 5 == 0) {
        ok(Cli.run("stop-msg", "-f", "--store", store)); // kill -9 of the watcher and the daemon
        assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive());
        ok(Cli.run("start-msg", "--store", store));
      } else {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroyForcibly(); // SIGKILL
        p.onExit().join();
        waitForNewDaemon(pid);
      }
    }
    int before = transactions.get();
    while (transactions.get() < before + 10) {
      Thread.sleep(5);
    }
    loading.set(false);
    for (Thread t : clients) {
      t.join(60_000);
    }
    ok(Cli.run("stop-msg", "--store", store));

    Map<String, List<byte[]>> copies = new ConcurrentHashMap<>();
    try (Store s = Store.open(root);
        ProjectionReader pr = s.read()) {
      for (MailboxRecord m : pr.mailboxes("user/")) {
        String user = m.name().split("/")[1];
        for (MessageRecord msg : pr.messages(m.id())) {
          try (InputStream in = s.openMessage(m, msg)) {
            byte[] b = in.readAllBytes();
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("Message-ID: <");
            String id = text.substring(at + 13, text.indexOf('>', at));
            copies.computeIfAbsent(id + " " + user, k -> new ArrayList<>()).add(b);
          }
        }
      }
    }
    assertTrue(acked.size() >= 5 * ROUNDS, "acknowledged copies: " + acked.size());
    for (var a : acked.entrySet()) {
      List<byte[]> c = copies.get(a.getKey());
      assertTrue(c != null && !c.isEmpty(), "acknowledged and lost: " + a.getKey());
    }
    for (var c : copies.entrySet()) {
      String id = c.getKey().split(" ")[0];
      for (byte[] b : c.getValue()) {
        assertEquals(expected.get(id), sha256(b), "the bytes of " + c.getKey());
      }
      int allowed =
          (acked.containsKey(c.getKey()) ? 1 : 0)
              + unacked.getOrDefault(c.getKey(), new AtomicInteger()).get();
      assertTrue(
          c.getValue().size() <= allowed,
          c.getKey() + ": " + c.getValue().size() + " copies, " + allowed + " allowed");
    }
    String log = Files.readString(root.resolve("log/msgstore.log"));
    assertTrue(log.contains("@example.org: saved mail to INBOX (uid "), "one line a transaction");
    assertTrue(!log.contains("Subject: load"), "no message content in the log");
    System.out.println(
        "LmtpKillTest: "
            + ROUNDS
            + " kills, "
            + transactions.get()
            + " transactions, "
            + acked.size()
            + " copies acknowledged, "
            + unacked.values().stream().mapToInt(AtomicInteger::get).sum()
            + " recipient attempts without a reply");
  }

  private long daemonPid() throws IOException, InterruptedException {
    Path f = root.resolve("run/daemon.pid");
    for (int i = 0; i < 600; i++) {
      if (Files.exists(f)) {
        String s = Files.readString(f).strip();
        if (!s.isEmpty()) {
          return Long.parseLong(s);
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no daemon pid");
  }

  private void waitForNewDaemon(long old) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      long pid = daemonPid();
      if (pid != old && ProcessHandle.of(pid).isPresent()) {
        return; // the clients find out themselves when it listens
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the watcher did not bring the daemon back");
  }

  /**
   * One client: transactions of one or two recipients; a broken one is retried for those not
   * acknowledged.
   */
  private void load(int port, int client, AtomicBoolean loading, AtomicInteger transactions) {
    Random r = new Random(client);
    int seq = 0;
    List<String> pending = null; // recipients still to deliver the current message to
    String id = null;
    byte[] message = null;
    while (loading.get() || pending != null) {
      if (pending == null) {
        id = client + "." + seq++ + "@kill.example";
        message = message(r, id);
        expected.put(id, sha256(stored(message)));
        pending = new ArrayList<>();
        pending.add(USERS[r.nextInt(USERS.length)]);
        if (r.nextBoolean()) {
          String other = USERS[r.nextInt(USERS.length)];
          if (!other.equals(pending.get(0))) {
            pending.add(other);
          }
        }
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        if (!reply(in).startsWith("220")) {
          continue; // a stopping daemon's 421
        }
        out.write("LHLO load.example\r\n".getBytes(StandardCharsets.US_ASCII));
        reply(in);
        while (pending != null) {
          List<String> attempt = List.copyOf(pending);
          StringBuilder cmds = new StringBuilder("MAIL FROM:<load@example.net>\r\n");
          for (String u : attempt) {
            cmds.append("RCPT TO:<").append(u).append("@example.org>\r\n");
          }
          cmds.append("DATA\r\n");
          out.write(cmds.toString().getBytes(StandardCharsets.US_ASCII));
          boolean ok = reply(in).startsWith("250");
          for (int i = 0; i < attempt.size(); i++) {
            ok &= reply(in).startsWith("250");
          }
          if (!ok || !reply(in).startsWith("354")) {
            throw new IOException("refused: the daemon is stopping");
          }
          for (String u : attempt) { // from here on a copy may be stored without its reply
            unacked.computeIfAbsent(id + " " + u, k -> new AtomicInteger()).incrementAndGet();
          }
          out.write(message);
          out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          List<String> left = new ArrayList<>();
          for (String u : attempt) {
            String rep = reply(in);
            if (rep.startsWith("250")) {
              unacked.get(id + " " + u).decrementAndGet(); // it got its reply
              acked.put(id + " " + u, expected.get(id));
            } else {
              left.add(u); // a temporary failure: retried
            }
          }
          transactions.incrementAndGet();
          if (left.isEmpty()) {
            pending = null;
            if (!loading.get()) {
              break;
            }
            id = client + "." + seq++ + "@kill.example";
            message = message(r, id);
            expected.put(id, sha256(stored(message)));
            pending = new ArrayList<>(List.of(USERS[r.nextInt(USERS.length)]));
          } else {
            pending = left;
          }
        }
      } catch (IOException e) {
        try {
          Thread.sleep(50); // the daemon is down: try again shortly
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private static String reply(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        String l = b.toString(StandardCharsets.US_ASCII).strip();
        if (l.length() > 3 && l.charAt(3) == '-') {
          b.reset();
          continue;
        }
        return l;
      }
      b.write(c);
    }
  }

  /** 2-20 KB of text, with the Message-ID the check finds it by; already dot-safe. */
  private static byte[] message(Random r, String id) {
    StringBuilder b = new StringBuilder("Message-ID: <" + id + ">\r\nSubject: load\r\n\r\n");
    int size = 2000 + r.nextInt(18_000);
    while (b.length() < size) {
      b.append(Long.toString(r.nextLong(), 36)).append(r.nextInt(8) == 0 ? "\r\n" : " ");
    }
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] stored(byte[] message) {
    byte[] rp = "Return-Path: <load@example.net>\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[rp.length + message.length];
    System.arraycopy(rp, 0, all, 0, rp.length);
    System.arraycopy(message, 0, all, rp.length, message.length);
    return all;
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
