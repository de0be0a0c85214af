package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BINARY (RFC 3516): APPEND of a literal8 holding NUL; BINARY.SIZE and BINARY[part] undo base64 and
 * quoted-printable; a NUL comes back in a literal8 under BINARY and as 0x80 under BODY (a plain
 * literal may not carry it); partials; BINARY without PEEK sets \Seen; an unknown encoding is NO
 * [UNKNOWN-CTE].
 */
class ImapBinaryTest {
  @TempDir Path root;

  private static final String MIXED =
      "From: ann@example.com\r\nSubject: parts\r\nMIME-Version: 1.0\r\n"
          + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
          + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\n"
          + "aGVsbG8gd29ybGQ=\r\n"
          + "--b\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
          + "caf=C3=A9 =3D ok\r\n"
          + "--b\r\nContent-Type: application/x-odd\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n"
          + "begin 644 x\r\n"
          + "--b--\r\n";

  @Test
  void binaryFetchesAndLiteral8Append() throws Exception {
    try (ImapServer server = new ImapServer(root, "joe");
        Wire w = Wire.login(server.port(), "joe")) {
      assertTrue(w.command("c CAPABILITY").getFirst().contains(" BINARY"));
      server.deliver("user/joe/INBOX", MIXED);
      byte[] nul =
          ("From: ann@example.com\r\nContent-Type: application/octet-stream\r\n"
                  + "Content-Transfer-Encoding: binary\r\n\r\n\0ab\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      w.send("a APPEND INBOX ~{" + nul.length + "}\r\n");
      assertTrue(w.line().startsWith("+ "));
      w.send(nul);
      w.send("\r\n");
      assertTrue(w.until("a").getLast().startsWith("a OK [APPENDUID "));
      w.command("s SELECT INBOX");

      assertEquals(
          "* 1 FETCH (BINARY.SIZE[1] 11 BINARY.SIZE[2] 10 BINARY[1] {11}",
          w.command("b FETCH 1 (BINARY.SIZE[1] BINARY.SIZE[2] BINARY.PEEK[1])").getFirst());
      List<String> qp = w.command("q FETCH 1 (BINARY.PEEK[2]<5.3>)");
      assertEquals("* 1 FETCH (BINARY[2]<5> {3}", qp.getFirst());
      assertEquals(" = )", qp.get(1));
      assertTrue(
          w.command("u FETCH 1 (BINARY.PEEK[3])").getLast().startsWith("u NO [UNKNOWN-CTE]"));
      assertTrue(
          w.command("v FETCH 1 (BINARY.SIZE[3])").getLast().startsWith("v NO [UNKNOWN-CTE]"));

      List<String> bin = w.command("n FETCH 2 (BINARY.PEEK[1])");
      assertEquals("* 2 FETCH (BINARY[1] ~{5}", bin.getFirst());
      assertEquals("\0ab", bin.get(1));
      List<String> body = w.command("o FETCH 2 (BODY.PEEK[1])");
      assertEquals("* 2 FETCH (BODY[1] {5}", body.getFirst());
      assertEquals("\ufffdab", body.get(1)); // 0x80, not UTF-8

      List<String> seen = w.command("p FETCH 1 (BINARY[1])");
      assertTrue(String.join("\n", seen).contains("FLAGS (\\Seen"), seen.toString());
      assertTrue(w.command("x FETCH 1 (BINARY[a])").getLast().startsWith("x BAD"));
      assertTrue(w.command("y FETCH 1 (BINARY.SIZE[1]<0.2>)").getLast().startsWith("y BAD"));
    }
  }
}
