package dev.msgstore.commands.imcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.ByteWriter;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code imcheck -b} (and every verb that serves a body) gives for a stored body through the
 * launcher's byte output: the stored bytes exactly, or, for a body that fails its check, one
 * CORRUPT line naming the mailbox and UID and exit 65, and never the damaged bytes as a body.
 */
class ServedBodyTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);
  static final String ANN = "user/ann/INBOX";
  static final String BOB = "user/bob/INBOX";

  /** 8-bit, not UTF-8: Latin-1 é, a lone continuation byte, a truncated sequence, NUL, CR LF. */
  static final byte[] EIGHT_BIT =
      concat(
          "Subject: caf".getBytes(StandardCharsets.US_ASCII),
          new byte[] {(byte) 0xE9, '\r', '\n', '\r', '\n', (byte) 0x80, 0, (byte) 0xFF},
          new byte[] {(byte) 0xE2, (byte) 0x82, '\r', '\n', (byte) 0xC3, (byte) 0xA9, '\r', '\n'});

  static final byte[] LARGE = large(5 * 65536 + 1000); // the last chunk is 1,000 bytes

  record Run(int exit, byte[] out, String err) {}

  @TempDir Path root;

  /**
   * ann (primary): uid 1 SHARED, 2 the 8-bit body, 3 LARGE, 4 ONLY-ANN; bob (partition "second")
   * holds SHARED too: the good copy reconstruct restores from.
   */
  @BeforeEach
  void store() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "partition/second"));
      s.execute(ADMIN, new CreateMailbox(ANN, null));
      s.execute(ADMIN, new CreateMailbox(BOB, "second"));
      append(s, ANN, text("SHARED"));
      append(s, ANN, EIGHT_BIT);
      append(s, ANN, LARGE);
      append(s, ANN, text("ONLY-ANN"));
      append(s, BOB, text("SHARED"));
    }
  }

  @Test
  void theStoredBytesComeOutExactly() {
    Run r = run("imcheck", "-m", ANN, "-b", "2");
    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(EIGHT_BIT, r.out(), "8-bit and invalid UTF-8 bytes, unchanged");
    Run large = run("imcheck", "-m", ANN, "-b", "3");
    assertEquals(0, large.exit(), large.err());
    assertArrayEquals(LARGE, large.out());
  }

  @Test
  void aDamagedRecordIsReportedCorruptWhereverTheFlip() throws IOException {
    byte[] body = text("ONLY-ANN");
    long payload = find(body);
    // the header's magic, its length, its digest, the header CRC, the payload, the trailer
    for (long at :
        new long[] {
          payload - 49, payload - 44, payload - 30, payload - 2, payload + 5, payload + body.length
        }) {
      flip(at);
      Run r = run("imcheck", "-m", ANN, "-b", "4");
      assertEquals(65, r.exit(), "flip at " + at + ": " + r.err());
      assertEquals(0, r.out().length, "nothing of a damaged body of one chunk is written");
      assertCorruptLine(r.err(), "imcheck", ANN, 4);
      flip(at);
      Run again = run("imcheck", "-m", ANN, "-b", "4");
      assertEquals(0, again.exit(), again.err());
      assertArrayEquals(body, again.out());
    }
  }

  @Test
  void aLargeBodyStopsBeforeItsLastChunk() throws IOException {
    flip(find(LARGE) + 100);
    Run r = run("imcheck", "-m", ANN, "-b", "3");
    assertEquals(65, r.exit(), r.err());
    assertCorruptLine(r.err(), "imcheck", ANN, 3);
    assertEquals(LARGE.length - 1000, r.out().length, "all but the last chunk");
    assertTrue(r.out().length < LARGE.length);
  }

  @Test
  void reconstructStillFindsAndRepairsIt() throws IOException {
    flip(find(text("SHARED")) + 12);
    assertEquals(65, run("imcheck", "-m", ANN, "-b", "1").exit());
    Run fix = run("reconstruct", ANN);
    String said = new String(fix.out(), StandardCharsets.UTF_8);
    assertEquals(0, fix.exit(), said + fix.err());
    assertTrue(said.contains("is CORRUPT: restored from partition second"), said);
    Run r = run("imcheck", "-m", ANN, "-b", "1");
    assertEquals(0, r.exit(), r.err());
    assertArrayEquals(text("SHARED"), r.out());
  }

  @Test
  void aMoveDoesNotCarryADamagedBody() throws IOException {
    flip(find(text("ONLY-ANN")) + 12);
    Run r = run("mboxutil", "-r", ANN, ANN, "second");
    assertEquals(65, r.exit(), r.err());
    assertCorruptLine(r.err(), "mboxutil", ANN, 4);
    try (Store s = Store.open(root);
        ProjectionReader x = s.read()) {
      assertEquals("primary", x.mailbox(ANN).orElseThrow().partition(), "not moved");
    }
  }

  static void assertCorruptLine(String err, String verb, String mailbox, long uid) {
    List<String> lines = err.lines().toList();
    assertEquals(1, lines.size(), err);
    String prefix = verb + ": CORRUPT " + mailbox + " uid " + uid + ": body sha256:";
    assertTrue(lines.get(0).startsWith(prefix), err);
    assertTrue(
        lines
            .get(0)
            .endsWith("'msgstore reconstruct " + mailbox + "' restores it" + " from a good copy"),
        err);
  }

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args[0], "--store", root.toString()));
    all.addAll(List.of(args).subList(1, args.length));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new ByteWriter(out, false), new PrintWriter(err), Map.of("TZ", "UTC"), "tester", all);
    int code = Main.run(ctx, all.toArray(String[]::new));
    ctx.out().flush();
    return new Run(code, out.toByteArray(), err.toString());
  }

  /** The offset of {@code payload} in ann's partition's only segment. */
  long find(byte[] payload) throws IOException {
    byte[] all = Files.readAllBytes(segment());
    for (int i = 0; i + payload.length <= all.length; i++) {
      if (Arrays.equals(all, i, i + payload.length, payload, 0, payload.length)) {
        return i;
      }
    }
    throw new AssertionError("not in the segment");
  }

  void flip(long at) throws IOException {
    try (FileChannel ch =
        FileChannel.open(segment(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, at);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0xFF)}), at);
    }
  }

  Path segment() throws IOException {
    try (Stream<Path> s = Files.list(root.resolve("partition/primary/bodies"))) {
      List<Path> segs = s.filter(p -> p.toString().endsWith(".body")).toList();
      assertEquals(1, segs.size(), segs.toString());
      return segs.get(0);
    }
  }

  static void append(Store s, String mailbox, byte[] msg) throws IOException {
    s.append(
        ADMIN,
        mailbox,
        new ByteArrayInputStream(msg),
        new AppendOptions(Set.of(), List.of(), 0, false, false));
  }

  static byte[] text(String marker) {
    return ("Subject: " + marker + "\r\n\r\n" + marker + " body\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] large(int size) {
    byte[] head = "Subject: large\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] b = new byte[size];
    new Random(7).nextBytes(b);
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }
}
