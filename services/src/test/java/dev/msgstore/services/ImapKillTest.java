package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.event.SystemFlag;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon while IMAP sessions APPEND and STORE flags (issue 14), several rounds; the
 * watcher start-msg started brings it back. Each client is one user's session, so the order of its
 * own STOREs is the order they took effect. In the end every APPEND answered OK is in the INBOX
 * under the UID its APPENDUID gave, with the bytes sent, and every message's flags are those of the
 * last STORE answered OK for it, or of a later STORE that got no answer (it may or may not have
 * been committed when the daemon died).
 */
class ImapKillTest {
  private static final int ROUNDS = Integer.getInteger("imap.kill.rounds", 8);
  private static final String[] USERS = {"k0", "k1", "k2", "k3"};
  private static final String[] FLAGS = {"\\Seen", "\\Flagged", "\\Answered", "\\Draft", "$k1"};
  private static final Pattern APPENDUID =
      Pattern.compile("OK \\[APPENDUID (\\d+) (\\d+)\\]", Pattern.CASE_INSENSITIVE);

  @TempDir Path root;

  /** Per "user uid": the SHA-256 of what an APPEND answered OK stored there. */
  private final Map<String, String> appended = new ConcurrentHashMap<>();

  /** Per user: the UIDVALIDITY the APPENDUIDs named. */
  private final Map<String, Long> validity = new ConcurrentHashMap<>();

  /** Per "user uid": the flag sets the message may have in the end (see the class comment). */
  private final Map<String, Set<String>> allowedFlags = new ConcurrentHashMap<>();

  private final AtomicInteger stores = new AtomicInteger();

  @AfterEach
  void killLeftovers() throws IOException {
    for (String f : List.of("watcher.pid", "daemon.pid")) {
      Path pid = root.resolve("run").resolve(f);
      if (Files.exists(pid)) {
        String s = Files.readString(pid).strip();
        if (!s.isEmpty()) {
          ProcessHandle.of(Long.parseLong(s))
              .ifPresent(
                  p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                  });
        }
      }
    }
  }

  private void ok(Cli c) {
    assertEquals(0, c.exit(), c::toString);
  }

  @Test
  void everyAcknowledgedAppendAndStoreSurvivesKillNine() throws Exception {
    String store = root.toString();
    Path password = root.resolve("pw.txt");
    Files.writeString(password, "secret\n");
    for (String u : USERS) {
      ok(Cli.run("user", "create", u, "--store", store));
      ok(Cli.run("user", "passwd", u, "--password-file", password.toString(), "--store", store));
      ok(Cli.run("mboxutil", "-c", "user/" + u + "/INBOX", "--store", store));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ok(Cli.run("configutil", "-o", "service.imap.port", "-v", "" + port, "--store", store));
    ok(Cli.run("configutil", "-o", "service.http.enable", "-v", "no", "--store", store));
    ok(Cli.run("configutil", "-o", "service.lmtp.enable", "-v", "no", "--store", store));
    ok(Cli.run("start-msg", "--store", store));

    AtomicBoolean loading = new AtomicBoolean(true);
    AtomicInteger commands = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < USERS.length; i++) {
      int client = i;
      clients.add(
          Thread.ofPlatform()
              .name("imap-load-" + i)
              .start(() -> load(port, client, loading, commands)));
    }
    Random r = new Random(42);
    for (int round = 1; round <= ROUNDS; round++) {
      int before = commands.get();
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (commands.get() < before + 20 + r.nextInt(30)) { // in the middle of the load
        assertTrue(System.nanoTime() < deadline, "round " + round + ": the load stalled");
        Thread.sleep(5);
      }
      long pid = daemonPid();
      if (round % 4 == 0) {
        ok(Cli.run("stop-msg", "-f", "--store", store)); // kill -9 of the watcher and the daemon
        ok(Cli.run("start-msg", "--store", store));
      } else {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        p.destroyForcibly(); // SIGKILL
        p.onExit().join();
        waitForNewDaemon(pid);
      }
    }
    int before = commands.get();
    while (commands.get() < before + 20) {
      Thread.sleep(5);
    }
    loading.set(false);
    for (Thread t : clients) {
      t.join(60_000);
    }
    ok(Cli.run("stop-msg", "--store", store));

    int checkedFlags = 0;
    try (Store s = Store.open(root);
        ProjectionReader pr = s.read()) {
      Map<String, MessageRecord> byKey = new HashMap<>();
      Map<String, MailboxRecord> boxes = new HashMap<>();
      for (String u : USERS) {
        MailboxRecord m = pr.mailbox("user/" + u + "/INBOX").orElseThrow();
        boxes.put(u, m);
        if (validity.containsKey(u)) {
          assertEquals(validity.get(u), m.uidValidity(), u + "'s UIDVALIDITY");
        }
        for (MessageRecord msg : pr.messages(m.id())) {
          byKey.put(u + " " + msg.uid(), msg);
        }
      }
      assertTrue(appended.size() >= 5 * ROUNDS, "acknowledged APPENDs: " + appended.size());
      for (var a : appended.entrySet()) {
        MessageRecord msg = byKey.get(a.getKey());
        assertTrue(msg != null, "acknowledged APPEND lost: " + a.getKey());
        try (InputStream in = s.openMessage(boxes.get(a.getKey().split(" ")[0]), msg)) {
          assertEquals(a.getValue(), sha256(in.readAllBytes()), "the bytes of " + a.getKey());
        }
        Set<String> allowed = allowedFlags.get(a.getKey());
        if (allowed != null) {
          assertTrue(
              allowed.contains(flags(msg)),
              a.getKey() + " has " + flags(msg) + ", allowed " + allowed);
          checkedFlags++;
        }
      }
    }
    assertTrue(checkedFlags >= 5 * ROUNDS, "messages whose flags were checked: " + checkedFlags);
    System.out.println(
        "ImapKillTest: "
            + ROUNDS
            + " kills, "
            + commands.get()
            + " commands, "
            + appended.size()
            + " APPENDs acknowledged, "
            + stores.get()
            + " STOREs acknowledged, "
            + checkedFlags
            + " messages' flags checked");
  }

  private static String flags(MessageRecord m) {
    Set<String> f = new TreeSet<>(m.keywords());
    for (SystemFlag s : m.flags()) {
      if (s != SystemFlag.RECENT) {
        f.add(s.imapName());
      }
    }
    return String.join(" ", f);
  }

  private long daemonPid() throws IOException, InterruptedException {
    Path f = root.resolve("run/daemon.pid");
    for (int i = 0; i < 1200; i++) {
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
   * One user's session, again after each kill: APPENDs (two in three commands) and UID STOREs of a
   * random flag set on a message whose APPEND was answered.
   */
  private void load(int port, int client, AtomicBoolean loading, AtomicInteger commands) {
    String user = USERS[client];
    Random r = new Random(client);
    List<Long> uids = new ArrayList<>();
    int seq = 0;
    int tag = 0;
    while (loading.get()) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        if (!line(in).startsWith("* OK")) {
          continue;
        }
        send(out, "a LOGIN " + user + " secret\r\n");
        if (!tagged(in, "a").startsWith("a OK")) {
          throw new IOException("login refused");
        }
        send(out, "b SELECT INBOX\r\n");
        if (!tagged(in, "b").startsWith("b OK")) {
          throw new IOException("select refused");
        }
        while (loading.get()) {
          String t = "t" + tag++;
          if (uids.isEmpty() || r.nextInt(3) != 0) {
            byte[] message = message(r, client + "." + seq++ + "@kill.example");
            send(out, t + " APPEND INBOX (\\Seen) {" + message.length + "+}\r\n");
            out.write(message);
            send(out, "\r\n");
            String reply = tagged(in, t);
            Matcher m = APPENDUID.matcher(reply);
            if (m.find()) {
              long uid = Long.parseLong(m.group(2));
              validity.put(user, Long.parseLong(m.group(1)));
              appended.put(user + " " + uid, sha256(message));
              allowedFlags.put(user + " " + uid, new HashSet<>(Set.of("\\Seen")));
              uids.add(uid);
            } else {
              throw new IOException("APPEND: " + reply);
            }
          } else {
            long uid = uids.get(r.nextInt(uids.size()));
            Set<String> f = new TreeSet<>();
            for (String flag : FLAGS) {
              if (r.nextBoolean()) {
                f.add(flag);
              }
            }
            String key = user + " " + uid;
            String set = String.join(" ", f);
            allowedFlags.get(key).add(set); // from now on it may have been committed
            send(out, t + " UID STORE " + uid + " FLAGS.SILENT (" + set + ")\r\n");
            String reply = tagged(in, t);
            if (!reply.startsWith(t + " OK")) {
              throw new IOException("STORE: " + reply);
            }
            allowedFlags.put(key, new HashSet<>(Set.of(set))); // acknowledged: only this now
            stores.incrementAndGet();
          }
          commands.incrementAndGet();
        }
        send(out, "z LOGOUT\r\n");
      } catch (IOException e) {
        try {
          Thread.sleep(50); // the daemon is down: try again shortly
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
  }

  private static void send(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads lines up to the tagged one, which it returns. */
  private static String tagged(InputStream in, String tag) throws IOException {
    for (; ; ) {
      String l = line(in);
      if (l.startsWith(tag + " ")) {
        return l;
      }
      if (l.startsWith("* BYE")) {
        throw new IOException(l);
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (; ; ) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed");
      }
      if (c == '\n') {
        return b.toString(StandardCharsets.US_ASCII).strip();
      }
      b.write(c);
    }
  }

  /** 1-30 KB of text with a Message-ID. */
  private static byte[] message(Random r, String id) {
    StringBuilder b = new StringBuilder("Message-ID: <" + id + ">\r\nSubject: kill load\r\n\r\n");
    int size = 1000 + r.nextInt(29_000);
    while (b.length() < size) {
      b.append(Long.toString(r.nextLong(), 36)).append(r.nextInt(8) == 0 ? "\r\n" : " ");
    }
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
