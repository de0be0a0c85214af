package dev.msgstore.services.lmtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated LMTP sessions from a seeded generator (set {@code -Dlmtp.fuzz.seed=N} to replay one):
 * over-long lines, bare LF and bare CR, NUL, commands out of order, DATA cut off by a disconnect, a
 * missing final dot, 10,000 RCPTs, a slow client, a stalled one, garbage. Each session's replies
 * are checked one by one, while a well-behaved client delivers beside them throughout; then the
 * store holds exactly the copies that were acknowledged, each with the bytes sent, and the server
 * holds no session, thread or socket more than before.
 */
class LmtpFuzzTest {
  private static final int SESSIONS = 160;
  private static final String[] USERS = {"u0", "u1", "u2", "u3", "u4"};

  /** Message-ID of each acknowledged message and the bytes it must have in the store. */
  private final Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();

  private final AtomicInteger ids = new AtomicInteger();

  enum Kind {
    LONG_LINE,
    BARE_LF_COMMANDS,
    BARE_LF_BODY,
    BARE_CR_COMMAND,
    NUL,
    OUT_OF_ORDER,
    CUT_DATA,
    MISSING_DOT,
    MANY_RCPTS,
    SLOW,
    GARBAGE,
    BDAT,
    STALLED
  }

  @Test
  void mutatedSessionsGetTheRightRepliesAndLeaveNothingBehind(@TempDir Path dir) throws Exception {
    long seed = Long.getLong("lmtp.fuzz.seed", System.nanoTime());
    System.out.println("LmtpFuzzTest seed " + seed + " (-Dlmtp.fuzz.seed=" + seed + " replays it)");
    List<List<String>> setup = new ArrayList<>();
    setup.add(List.of("configutil", "-o", "service.lmtp.datatimeout", "-v", "2"));
    setup.add(List.of("configutil", "-o", "service.lmtp.idletimeout", "-v", "3"));
    for (String u : USERS) {
      setup.add(List.of("mboxutil", "-c", "user/" + u + "/INBOX"));
    }
    try (LmtpServer server = new LmtpServer(dir.resolve("store"), setup)) {
      // warm up (virtual thread carriers, the body store's files), then count
      deliverGood(server, new Random(1));
      settle(server);
      List<String> threadsBefore = threads();
      long socketsBefore = sockets();
      long fdsBefore = fds();

      AtomicBoolean fuzzing = new AtomicBoolean(true);
      AtomicInteger good = new AtomicInteger();
      Thread goodClient =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Random r = new Random(seed ^ 0x5EED);
                    while (fuzzing.get()) {
                      try {
                        deliverGood(server, r);
                        good.incrementAndGet();
                      } catch (IOException | AssertionError e) {
                        throw new AssertionError("the well-behaved client failed", e);
                      }
                    }
                  });
      Random master = new Random(seed);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> runs = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        Kind kind = Kind.values()[master.nextInt(Kind.values().length)];
        if (kind == Kind.MANY_RCPTS && i % 40 != 0) {
          kind = Kind.LONG_LINE; // 10,000 RCPTs a few times only
        }
        if (kind == Kind.STALLED && i % 20 != 0) {
          kind = Kind.BARE_LF_BODY;
        }
        Kind k = kind;
        long s = master.nextLong();
        runs.add(
            pool.submit(
                () -> {
                  try {
                    session(server, k, new Random(s));
                  } catch (Exception | AssertionError e) {
                    throw new AssertionError(k + " session (seed " + s + ") failed", e);
                  }
                  return null;
                }));
      }
      for (Future<?> f : runs) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();
      fuzzing.set(false);
      goodClient.join(30_000);
      assertTrue(good.get() > 0, "the well-behaved client delivered meanwhile");

      settle(server);
      assertEquals(0.0, server.sessions(), "no session left open");
      assertEquals(socketsBefore, sockets(), "no socket left open");
      assertTrue(fds() <= fdsBefore + 4, "file descriptors: " + fdsBefore + " then " + fds());
      List<String> threadsAfter = threads();
      assertTrue(
          threadsBefore.containsAll(threadsAfter),
          "threads: " + threadsBefore + " then " + threadsAfter);

      // the store holds exactly what was acknowledged, byte for byte
      Map<String, byte[]> stored = storedById(server);
      assertEquals(acknowledged.keySet(), stored.keySet(), "acknowledged = stored");
      for (var e : acknowledged.entrySet()) {
        assertArrayEquals(e.getValue(), stored.get(e.getKey()), e.getKey());
      }
    }
  }

  // ---- sessions ----

  private void session(LmtpServer server, Kind kind, Random r) throws Exception {
    try (Client c = Client.greeted(server.port)) {
      String user = USERS[r.nextInt(USERS.length)];
      String eol = kind == Kind.BARE_LF_COMMANDS ? "\n" : "\r\n";
      c.send("LHLO fuzz.example" + eol);
      assertTrue(c.reply().startsWith("250 "));
      switch (kind) {
        case LONG_LINE -> {
          int n = 2049 + r.nextInt(20_000);
          c.send(("NOOP " + "x".repeat(n)).substring(0, n) + "\r\n");
          assertEquals("500 5.5.2 Line too long", c.reply());
          transaction(c, user, r, eol, false);
        }
        case BARE_LF_COMMANDS -> transaction(c, user, r, eol, false);
        case BARE_LF_BODY -> transaction(c, user, r, eol, true);
        case BARE_CR_COMMAND -> {
          assertEquals("500 5.5.2 Invalid character in command", c.cmd("MAIL FROM:<a@b>\rRSET"));
          transaction(c, user, r, eol, false);
        }
        case NUL -> {
          assertEquals(
              "500 5.5.2 Invalid character in command", c.cmd("MAIL FROM:<a\u0000b@c.example>"));
          transaction(c, user, r, eol, false);
        }
        case OUT_OF_ORDER -> {
          switch (r.nextInt(4)) {
            case 0 ->
                assertEquals("503 5.5.1 MAIL needed first", c.cmd("RCPT TO:<" + user + "@x>"));
            case 1 -> assertEquals("503 5.5.1 MAIL needed first", c.cmd("DATA"));
            case 2 -> {
              assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<>"));
              assertEquals("503 5.5.1 No valid recipients", c.cmd("DATA"));
              assertEquals("503 5.5.1 Nested MAIL command", c.cmd("MAIL FROM:<>"));
              assertEquals("250 2.0.0 Ok", c.cmd("RSET"));
            }
            default -> {
              c.send("BDAT 3\r\nabc");
              assertEquals("503 5.5.1 MAIL needed first", c.reply());
            }
          }
          transaction(c, user, r, eol, false);
        }
        case CUT_DATA, MISSING_DOT -> {
          assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<cut@example.net>"));
          assertEquals("250 2.1.5 <" + user + "@x> OK", c.cmd("RCPT TO:<" + user + "@x>"));
          assertTrue(c.cmd("DATA").startsWith("354"));
          byte[] body = wire(message(r, nextId(), false));
          int cut = kind == Kind.CUT_DATA ? r.nextInt(body.length) : body.length;
          c.send(java.util.Arrays.copyOf(body, cut));
          if (kind == Kind.MISSING_DOT) {
            c.send("QUIT\r\n"); // data, not a command
          }
          c.socket.shutdownOutput();
          assertNull(c.reply(), "no reply to data that never ended");
        }
        case MANY_RCPTS -> {
          StringBuilder b = new StringBuilder("MAIL FROM:<many@example.net>\r\n");
          for (int i = 0; i < 10_000; i++) {
            b.append("RCPT TO:<").append(user).append("@x>\r\n");
          }
          c.send(b.toString());
          assertEquals("250 2.1.0 Ok", c.reply());
          for (int i = 0; i < 10_000; i++) {
            assertEquals(
                i < 1000 ? "250 2.1.5 <" + user + "@x> OK" : "452 4.5.3 Too many recipients",
                c.reply(),
                "RCPT " + i);
          }
          assertTrue(c.cmd("DATA").startsWith("354"));
          String id = nextId();
          byte[] m = message(r, id, false);
          c.send(wire(m));
          c.send(".\r\n");
          for (int i = 0; i < 1000; i++) {
            assertEquals("250 2.0.0 <" + user + "@x> Saved", c.reply());
          }
          acknowledged.put(id, stored("many@example.net", m)); // one copy: one user
        }
        case SLOW -> {
          String id = nextId();
          byte[] m = message(r, id, false);
          byte[] all =
              concat(
                  ("MAIL FROM:<slow@example.net>\r\nRCPT TO:<" + user + "@x>\r\nDATA\r\n")
                      .getBytes(StandardCharsets.UTF_8),
                  wire(m),
                  ".\r\n".getBytes(StandardCharsets.US_ASCII));
          int at = 0;
          while (at < all.length) {
            int n = Math.min(all.length - at, 1 + r.nextInt(40));
            c.send(java.util.Arrays.copyOfRange(all, at, at + n));
            at += n;
            Thread.sleep(r.nextInt(15));
          }
          assertEquals("250 2.1.0 Ok", c.reply());
          assertEquals("250 2.1.5 <" + user + "@x> OK", c.reply());
          assertTrue(c.reply().startsWith("354"));
          assertEquals("250 2.0.0 <" + user + "@x> Saved", c.reply());
          acknowledged.put(id, stored("slow@example.net", m));
        }
        case GARBAGE -> {
          int lines = 1 + r.nextInt(20);
          ByteArrayOutputStream b = new ByteArrayOutputStream();
          for (int i = 0; i < lines; i++) {
            b.write('X');
            int n = r.nextInt(100);
            for (int j = 0; j < n; j++) {
              int v = r.nextInt(256);
              b.write(v == '\n' ? 'n' : v);
            }
            b.write('\r');
            b.write('\n');
          }
          c.send(b.toByteArray());
          for (int i = 0; i < lines; i++) {
            String reply = c.reply();
            assertNotNull(reply);
            assertTrue(reply.startsWith("500 5.5."), reply);
          }
          transaction(c, user, r, eol, false);
        }
        case BDAT -> {
          String id = nextId();
          byte[] m = message(r, id, false);
          assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<b@example.net> BODY=BINARYMIME"));
          assertEquals("250 2.1.5 <" + user + "@x> OK", c.cmd("RCPT TO:<" + user + "@x>"));
          int at = 0;
          while (true) {
            int n = Math.min(m.length - at, r.nextInt(m.length + 1));
            boolean last = at + n == m.length && r.nextBoolean() || at + n == m.length && n == 0;
            c.send(
                concat(
                    ("BDAT " + n + (last ? " LAST" : "") + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII),
                    java.util.Arrays.copyOfRange(m, at, at + n)));
            at += n;
            if (last) {
              assertEquals("250 2.0.0 <" + user + "@x> Saved", c.reply());
              break;
            }
            assertEquals("250 2.0.0 " + n + " octets received", c.reply());
          }
          acknowledged.put(id, stored("b@example.net", m));
        }
        case STALLED -> {
          assertEquals("250 2.1.0 Ok", c.cmd("MAIL FROM:<stall@example.net>"));
          assertEquals("250 2.1.5 <" + user + "@x> OK", c.cmd("RCPT TO:<" + user + "@x>"));
          assertTrue(c.cmd("DATA").startsWith("354"));
          c.send("Subject: stalled\r\n\r\nand then nothing");
          String reply = c.reply(); // after service.lmtp.datatimeout
          assertTrue(reply != null && reply.startsWith("421 4.4.2 "), reply);
          assertTrue(c.closedByServer());
          return;
        }
      }
      if (kind != Kind.CUT_DATA && kind != Kind.MISSING_DOT) {
        assertTrue(c.cmd("QUIT").startsWith("221 "));
      }
    }
  }

  /** A whole transaction that must be acknowledged. */
  private void transaction(Client c, String user, Random r, String eol, boolean bareLfBody)
      throws IOException {
    String id = nextId();
    byte[] m = message(r, id, bareLfBody);
    String from = "f" + r.nextInt(1000) + "@example.net";
    c.send("MAIL FROM:<" + from + ">" + eol);
    assertEquals("250 2.1.0 Ok", c.reply());
    c.send("RCPT TO:<" + user + "@x>" + eol);
    assertEquals("250 2.1.5 <" + user + "@x> OK", c.reply());
    c.send("DATA" + eol);
    assertTrue(c.reply().startsWith("354"));
    c.send(wire(m));
    c.send(".\r\n");
    assertEquals("250 2.0.0 <" + user + "@x> Saved", c.reply());
    acknowledged.put(id, stored(from, bareLfBody ? crlf(m) : m));
  }

  private void deliverGood(LmtpServer server, Random r) throws IOException {
    try (Client c = Client.greeted(server.port)) {
      assertTrue(c.cmd("LHLO good.example").startsWith("250 "));
      transaction(c, USERS[r.nextInt(USERS.length)], r, "\r\n", false);
      assertTrue(c.cmd("QUIT").startsWith("221 "));
    }
  }

  private String nextId() {
    return "<" + ids.incrementAndGet() + "@fuzz.example>";
  }

  /**
   * A message: a Message-ID, then random lines (leading dots, bare CRs, 8-bit bytes), each ending
   * in CRLF, or with {@code bareLf} some in a bare LF.
   */
  private static byte[] message(Random r, String id, boolean bareLf) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(
        ("Message-ID: " + id + "\r\nSubject: fuzz\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    int lines = r.nextInt(60);
    for (int i = 0; i < lines; i++) {
      int n = r.nextInt(120);
      if (r.nextInt(5) == 0) {
        b.write('.');
      }
      for (int j = 0; j < n; j++) {
        int v = 32 + r.nextInt(224);
        if (r.nextInt(50) == 0) {
          v = '\r';
        }
        if (v == 127) {
          v = '.';
        }
        b.write(v);
      }
      if (bareLf && r.nextInt(3) == 0 && i < lines - 1) { // only CRLF "." CRLF ends the data
        b.write('\n');
      } else {
        b.write('\r');
        b.write('\n');
      }
    }
    return b.toByteArray();
  }

  /** The message as DATA carries it: dot-stuffed, lines as they are. */
  private static byte[] wire(byte[] m) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    boolean lineStart = true;
    for (byte x : m) {
      if (lineStart && x == '.') {
        b.write('.');
      }
      b.write(x);
      lineStart = x == '\n';
    }
    return b.toByteArray();
  }

  /** Bare LFs as CRLF: how the server stores a line a bare LF ended. */
  private static byte[] crlf(byte[] m) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int i = 0; i < m.length; i++) {
      if (m[i] == '\n' && (i == 0 || m[i - 1] != '\r')) {
        b.write('\r');
      }
      b.write(m[i]);
    }
    return b.toByteArray();
  }

  private static byte[] stored(String from, byte[] m) {
    return concat(("Return-Path: <" + from + ">\r\n").getBytes(StandardCharsets.US_ASCII), m);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  // ---- what the server holds ----

  private static Map<String, byte[]> storedById(LmtpServer server) throws IOException {
    Map<String, byte[]> out = new ConcurrentHashMap<>();
    try (ProjectionReader r = server.store.read()) {
      for (MailboxRecord m : r.mailboxes("")) {
        for (MessageRecord msg : r.messages(m.id())) {
          try (InputStream in = server.store.openMessage(m, msg)) {
            byte[] b = in.readAllBytes();
            String text = new String(b, StandardCharsets.ISO_8859_1);
            int at = text.indexOf("Message-ID: ");
            String id = text.substring(at + 12, text.indexOf('>', at) + 1);
            if (out.put(id, b) != null) {
              throw new AssertionError("two copies of " + id);
            }
          }
        }
      }
    }
    return out;
  }

  private static void settle(LmtpServer server) throws InterruptedException {
    for (int i = 0; i < 200 && server.sessions() > 0; i++) {
      Thread.sleep(25);
    }
  }

  /** Platform threads by name, without the virtual threads' carriers (a pool that grows). */
  private static List<String> threads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isVirtual())
        .map(Thread::getName)
        .filter(n -> !n.startsWith("ForkJoinPool") && !n.contains("unparker"))
        // The body store's pool of index writers for fsync leaders on virtual threads: an idle
        // one ends a minute after its last batch. The warm-up's one session runs on a platform
        // thread (few are open), so the fuzzing's many sessions, on virtual threads, start it.
        .filter(n -> !n.equals("body-index-writer"))
        .sorted()
        .toList();
  }

  private static long fds() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  private static long sockets() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.filter(
              p -> {
                try {
                  return Files.readSymbolicLink(p).toString().startsWith("socket:");
                } catch (IOException e) {
                  return false;
                }
              })
          .count();
    }
  }
}
