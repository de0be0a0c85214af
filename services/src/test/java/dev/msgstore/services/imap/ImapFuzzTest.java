package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msgstore.services.imap.command.CommandParser;
import dev.msgstore.services.imap.command.ParseError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid commands, literals cut short, huge literal announcements and
 * deep parentheses: the parser answers each with a command or a {@link ParseError}, never another
 * exception; the server answers each with OK, NO or BAD (BYE for a LITERAL+ it will not read),
 * never an internal error, keeps serving, and leaves no session behind.
 */
class ImapFuzzTest {
  static final List<String> VALID =
      List.of(
          "a1 CAPABILITY",
          "a2 LOGIN joe pw-joe",
          "a3 LOGIN {3}\r\njoe {6}\r\npw-joe",
          "a4 AUTHENTICATE PLAIN AGpvZQBwdy1qb2U=",
          "a5 SELECT INBOX",
          "a6 EXAMINE \"Sent Items\"",
          "a7 CREATE Work/Projects",
          "a8 RENAME Work Play",
          "a9 LIST \"\" \"%\"",
          "b1 LSUB \"\" *",
          "b2 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)",
          "b3 APPEND INBOX (\\Seen $Label) \" 3-Dec-2026 10:00:00 +0100\" {18+}\r\nSubject: x\r\n\r\nhi\r\n",
          "b4 FETCH 1:* (FLAGS UID RFC822.SIZE INTERNALDATE ENVELOPE BODYSTRUCTURE)",
          "b5 UID FETCH 1,3:5,7:* (BODY.PEEK[HEADER.FIELDS (From Subject)] BODY[1.2.TEXT]<0.100>)",
          "b6 STORE 1:2 +FLAGS.SILENT (\\Deleted \\Seen foo)",
          "b7 UID STORE 4 -FLAGS \\Flagged",
          "b8 SEARCH CHARSET UTF-8 OR (FROM ann SUBJECT \"hello world\") NOT (LARGER 100 SINCE 1-Jan-2020)",
          "b9 UID SEARCH UID 1:* KEYWORD foo BODY {5}\r\nhello",
          "e1 SORT (REVERSE DATE SUBJECT FROM) UTF-8 OR SEEN LARGER 10",
          "e2 UID THREAD REFERENCES US-ASCII SINCE 1-Jan-2020",
          "e3 FETCH 1 (BINARY.PEEK[1]<0.10> BINARY.SIZE[2] BINARY[])",
          "e4 APPEND INBOX ~{4+}\r\nab\0c",
          "c1 COPY 1:* Work",
          "c2 UID MOVE 1 Work",
          "c3 EXPUNGE",
          "c4 UID EXPUNGE 1:3",
          "c5 IDLE",
          "c6 NAMESPACE",
          "c7 ENABLE CONDSTORE",
          "c8 ID (\"name\" \"fuzz\" \"version\" NIL)",
          "c9 CLOSE",
          "d1 UNSELECT",
          "d2 SUBSCRIBE Work",
          "d3 NOOP",
          "d4 LOGOUT");

  private static final byte[] SPECIAL =
      "(){}[]<>\"\\*%+-.:,0123456789 \r\n\0\u00ff".getBytes(StandardCharsets.ISO_8859_1);

  static List<byte[]> mutations(long seed, int count) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      byte[] b = VALID.get(r.nextInt(VALID.size())).getBytes(StandardCharsets.ISO_8859_1);
      int kind = r.nextInt(8);
      b =
          switch (kind) {
            case 0 -> flip(r, b);
            case 1 -> cut(r, b);
            case 2 -> insert(r, b);
            case 3 -> dup(r, b);
            case 4 ->
                ("z"
                        + n
                        + " SEARCH "
                        + "(".repeat(1 + r.nextInt(5000))
                        + "ALL"
                        + ")".repeat(r.nextInt(5000)))
                    .getBytes(StandardCharsets.US_ASCII);
            case 5 ->
                ("z"
                        + n
                        + " APPEND INBOX {"
                        + (r.nextBoolean() ? "99999999999" : "" + (1L << (20 + r.nextInt(40))))
                        + (r.nextBoolean() ? "+" : "")
                        + "}")
                    .getBytes(StandardCharsets.US_ASCII);
            case 6 ->
                ("z" + n + " LOGIN {" + (10 + r.nextInt(50)) + "}\r\nshort")
                    .getBytes(StandardCharsets.US_ASCII);
            default -> {
              byte[] x = b;
              for (int i = 0; i < 1 + r.nextInt(4); i++) {
                x = flip(r, insert(r, x));
              }
              yield x;
            }
          };
      out.add(b);
    }
    return out;
  }

  private static byte[] flip(Random r, byte[] b) {
    byte[] c = b.clone();
    if (c.length > 0) {
      c[r.nextInt(c.length)] = SPECIAL[r.nextInt(SPECIAL.length)];
    }
    return c;
  }

  private static byte[] cut(Random r, byte[] b) {
    return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
  }

  private static byte[] insert(Random r, byte[] b) {
    int at = r.nextInt(b.length + 1);
    byte[] c = new byte[b.length + 1];
    System.arraycopy(b, 0, c, 0, at);
    c[at] = SPECIAL[r.nextInt(SPECIAL.length)];
    System.arraycopy(b, at, c, at + 1, b.length - at);
    return c;
  }

  private static byte[] dup(Random r, byte[] b) {
    int from = r.nextInt(b.length);
    int to = from + r.nextInt(b.length - from);
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(b, 0, to);
    o.write(b, from, b.length - from);
    return o.toByteArray();
  }

  @Test
  void theParserAnswersEveryMutationWithACommandOrAParseError() {
    int errors = 0;
    for (byte[] m : mutations(20261203L, 20_000)) {
      try {
        CommandParser.parse(m);
      } catch (ParseError e) {
        errors++;
        assertFalse(e.getMessage().isBlank());
      } catch (RuntimeException | StackOverflowError e) {
        fail("the parser threw " + e + " on " + new String(m, StandardCharsets.ISO_8859_1), e);
      }
    }
    assertTrue(errors > 10_000, "most mutations are not commands: " + errors);
  }

  @Test
  void theServerAnswersEveryMutationAndKeepsServing(@TempDir Path root) throws Exception {
    try (ImapServer server = new ImapServer(root, "joe")) {
      server.deliver("user/joe/INBOX", ImapServer.message("one", "body one"));
      int i = 0;
      for (byte[] m : mutations(42L, 400)) {
        String answer = exchange(server.port(), m, i++ % 2 == 0);
        assertFalse(
            answer.contains("Internal error") || answer.contains("Exception"),
            "mutation " + new String(m, StandardCharsets.ISO_8859_1) + " got " + answer);
        for (String line : answer.split("\r\n")) {
          assertTrue(
              line.isEmpty()
                  || line.startsWith("* ")
                  || line.startsWith("+ ")
                  || line.matches("\\S+ (OK|NO|BAD) .*")
                  || !line.matches("^[\\x21-\\x7e]+ .*"), // literal data inside a FETCH
              "unexpected line " + line);
        }
      }
      // still serving
      String ok =
          exchange(server.port(), "s1 SELECT INBOX".getBytes(StandardCharsets.US_ASCII), true);
      assertTrue(ok.contains("s1 OK [READ-WRITE]"), ok);
      // and every session ended with its connection
      long deadline = System.currentTimeMillis() + 10_000;
      double sessions;
      do {
        sessions = server.registry.get("msgstore.sessions").tag("protocol", "imap").gauge().value();
      } while (sessions > 0 && System.currentTimeMillis() < deadline && sleep());
      assertEquals(0, sessions, "sessions left open");
    }
  }

  private static boolean sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /**
   * Sends {@code command} on a new connection (after logging in, when {@code login}), ends the
   * output, and reads everything the server says until it closes.
   */
  private static String exchange(int port, byte[] command, boolean login) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      StringBuilder sent = new StringBuilder();
      if (login) {
        sent.append("l1 LOGIN joe pw-joe\r\nl2 SELECT INBOX\r\n");
      }
      s.getOutputStream().write(sent.toString().getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(command);
      s.getOutputStream().write("\r\n".getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
