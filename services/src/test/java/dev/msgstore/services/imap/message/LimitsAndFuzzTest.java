package dev.msgstore.services.imap.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** MIME depth 100 and 10,000 parts, and malformed MIME never throwing out of the library. */
class LimitsAndFuzzTest {
  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void messagesNestedPastTheDepthLimitStopAtIt() {
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      m.append("Subject: level ").append(i).append("\nContent-Type: message/rfc822\n\n");
    }
    m.append("Subject: bottom\n\ntext\n");
    byte[] msg = Mime.crlf(m.toString());
    MimePart root = Mime.parse(msg);
    String body = Mime.body(msg, true);
    // the root and 98 message/rfc822 parts below it hold a message; the 100th level does not
    assertEquals(MimeParser.MAX_DEPTH - 1, count(body, "\"message\" \"rfc822\""));
    assertEquals(1, count(body, "\"application\" \"octet-stream\""));
    assertEquals(MimeParser.MAX_DEPTH, root.count());
    // the unparsed rest is the last part's body, to the end of the message
    MimePart p = root;
    while (!p.children().isEmpty()) {
      p = p.children().get(0);
    }
    assertEquals(msg.length, p.bodyEnd());
  }

  @Test
  void multipartsNestedPastTheDepthLimitStopAtIt() {
    StringBuilder m = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      // "b9x" is no prefix of "b99x": a boundary needs only to begin a line to match
      m.append("Content-Type: multipart/mixed; boundary=b").append(i).append("x\n\n--b");
      m.append(i).append("x\n");
    }
    m.append("\ninnermost\n");
    for (int i = 119; i >= 0; i--) {
      m.append("--b").append(i).append("x--\n");
    }
    byte[] msg = Mime.crlf(m.toString());
    String body = Mime.body(msg, false);
    assertEquals(MimeParser.MAX_DEPTH - 1, count(body, "\"mixed\""));
    assertEquals(1, count(body, "\"application\" \"octet-stream\""));
    assertEquals(0, count(body, "\"text\""));
  }

  @Test
  void partsPastTheCountLimitStayInTheLastPart() {
    StringBuilder m = new StringBuilder("Content-Type: multipart/mixed; boundary=x\n\n");
    for (int i = 0; i < 12_000; i++) {
      m.append("--x\n\npart ").append(i).append('\n');
    }
    m.append("--x--\n");
    byte[] msg = Mime.crlf(m.toString());
    MimePart root = Mime.parse(msg);
    assertEquals(MimeParser.MAX_PARTS, root.count());
    MimePart last = root.children().get(root.children().size() - 1);
    assertEquals(msg.length, last.bodyEnd(), "no boundary is recognised past the limit");
    assertTrue(Mime.section(msg, Mime.sec("9999")).startsWith("part 9998\r\n--x\r\n"));
    assertEquals("", Mime.section(msg, Mime.sec("10000")));
  }

  private static final String[] SEEDS = {
    ImaptestGoldenTest.BODY_MIME,
    """
    From: "a" <a@b>, broken <<@x, group: c@d;
    Content-Type: multipart/digest; boundary="d"; boundary*0=x; name*1*=ab%

    --d

    Subject: s
    Content-Type: multipart/alternative; boundary=d2

    --d2
    Content-Type: text/plain; charset=iso-8859-1
    Content-Transfer-Encoding: quoted-printable

    caf=E9 =
    --d2--
    --d
    Content-Type: message/rfc822

    Content-Type: text/plain; charset=utf-8
    Content-Transfer-Encoding: base64

    w5xiZXI=
    --d--
    """,
  };

  private static byte[] mutate(byte[] seed, Random r) {
    List<byte[]> lines = new ArrayList<>();
    int s = 0;
    for (int i = 0; i < seed.length; i++) {
      if (seed[i] == '\n') {
        lines.add(Arrays.copyOfRange(seed, s, i + 1));
        s = i + 1;
      }
    }
    lines.add(Arrays.copyOfRange(seed, s, seed.length));
    String[] inserts = {
      "--foo bar\r\n",
      "--foo bar--\r\n",
      "--d\r\n",
      "--d2--\r\n",
      "--\r\n",
      "\r\n",
      "\n",
      "\r",
      "Content-Type: multipart/mixed; boundary=\"\"\r\n",
      "Content-Type: message/rfc822\r\n",
      "Content-Type: ;;;==\"\r\n",
      " folded (comment\r\n",
      ":\r\n",
      "From: <@:>, ;;, \"\r\n",
      "Content-Transfer-Encoding: base64\r\n",
      "Content-Disposition: a; filename*0*='x\r\n",
    };
    int edits = 1 + r.nextInt(8);
    for (int e = 0; e < edits && !lines.isEmpty(); e++) {
      int at = r.nextInt(lines.size());
      switch (r.nextInt(6)) {
        case 0 ->
            lines.add(at, inserts[r.nextInt(inserts.length)].getBytes(StandardCharsets.ISO_8859_1));
        case 1 -> lines.remove(at);
        case 2 -> lines.add(at, lines.get(r.nextInt(lines.size())));
        case 3 -> {
          byte[] l = lines.get(at).clone();
          if (l.length > 0) {
            l[r.nextInt(l.length)] = (byte) r.nextInt(256);
          }
          lines.set(at, l);
        }
        case 4 -> {
          while (lines.size() > at + 1) {
            lines.remove(lines.size() - 1); // cut short
          }
        }
        default -> {
          byte[] l = lines.get(at);
          lines.set(at, Arrays.copyOf(l, r.nextInt(l.length + 1)));
        }
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lines.forEach(out::writeBytes);
    return out.toByteArray();
  }

  private static void checkRanges(MimePart p, long from, long to) {
    assertTrue(from <= p.headerStart() && p.headerStart() <= p.bodyStart(), "header " + p);
    assertTrue(p.bodyStart() <= p.bodyEnd() && p.bodyEnd() <= to, "body " + p);
    for (MimePart c : p.children()) {
      checkRanges(c, p.bodyStart(), p.bodyEnd());
    }
  }

  /** Parentheses balanced outside quoted strings and literals; literal lengths right. */
  private static void assertWellFormed(String text, String what) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int depth = 0;
    for (int i = 0; i < b.length; i++) {
      switch (b[i]) {
        case '(' -> depth++;
        case ')' -> {
          depth--;
          assertTrue(depth >= 0, what);
        }
        case '"' -> {
          for (i++; b[i] != '"'; i++) {
            assertTrue(b[i] != '\r' && b[i] != '\n' && b[i] >= 0, what);
            if (b[i] == '\\') {
              i++;
            }
          }
        }
        case '{' -> {
          int close = i;
          while (b[close] != '}') {
            close++;
          }
          int n = Integer.parseInt(new String(b, i + 1, close - i - 1, StandardCharsets.US_ASCII));
          assertEquals('\r', b[close + 1], what);
          assertEquals('\n', b[close + 2], what);
          i = close + 2 + n;
          assertTrue(i < b.length, what);
        }
        default -> {}
      }
    }
    assertEquals(0, depth, what);
  }

  @Test
  void malformedMimeGivesABestEffortStructureNeverAnException() throws IOException {
    Random r = new Random(20261203L);
    for (int i = 0; i < 2000; i++) {
      byte[] seed = Mime.crlf(SEEDS[i % SEEDS.length]);
      byte[] m = mutate(seed, r);
      String what = "mutation " + i + ":\n" + new String(m, StandardCharsets.ISO_8859_1);
      MimePart root = Mime.parse(m);
      checkRanges(root, 0, m.length);
      assertEquals(root, StructureCodec.decode(StructureCodec.encode(root)), what);
      String bs = Mime.body(m, true);
      assertWellFormed(bs, what);
      assertWellFormed(Mime.envelope(m), what);
      for (int k = 0; k < 4; k++) {
        List<Integer> part = new ArrayList<>();
        for (int d = r.nextInt(4); d > 0; d--) {
          part.add(1 + r.nextInt(3));
        }
        Section.Kind kind = Section.Kind.values()[r.nextInt(Section.Kind.values().length)];
        Mime.section(m, new Section(part, kind, List.of("From", "content-type")));
      }
      for (TextSearch.Where w : TextSearch.Where.values()) {
        TextSearcher.matches(
            root, new ByteArrayInputStream(m), new TextSearch(w, "from", "caf\u00e9"));
      }
    }
  }
}
