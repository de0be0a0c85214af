package dev.msgstore.services.imap.message;

import static dev.msgstore.services.imap.message.Mime.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** BODY/BODYSTRUCTURE and ENVELOPE details: the RFC's example, defaults, extension data. */
class StructureTest {
  private static String lines(int count, int width) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append("x".repeat(width)).append('\n');
    }
    return b.toString();
  }

  @Test
  void rfc3501Example() {
    // RFC 3501 7.4.2's example: 1152 octets in 23 lines, 4554 octets in 73 lines
    String first = lines(22, 48) + lines(1, 50);
    String second = lines(72, 61) + lines(1, 16);
    byte[] m =
        crlf(
            "MIME-Version: 1.0\nContent-Type: MULTIPART/MIXED; BOUNDARY=\"x\"\n\n--x\n"
                + "Content-Type: TEXT/PLAIN; CHARSET=US-ASCII\n\n"
                + first
                + "\n--x\nContent-Type: TEXT/PLAIN; CHARSET=US-ASCII; NAME=cc.diff\n"
                + "Content-ID: <960723163407.20117h@cac.washington.edu>\n"
                + "Content-Description: Compiler diff\nContent-Transfer-Encoding: BASE64\n\n"
                + second
                + "\n--x--\n");
    assertEquals(
        "((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"US-ASCII\") NIL NIL \"7bit\" 1152 23)(\"TEXT\""
            + " \"PLAIN\" (\"CHARSET\" \"US-ASCII\" \"NAME\" \"cc.diff\")"
            + " \"<960723163407.20117h@cac.washington.edu>\" \"Compiler diff\" \"BASE64\" 4554 73)"
            + " \"MIXED\")",
        Mime.body(m, false));
  }

  @Test
  void defaultsWhenHeadersAreMissing() {
    assertEquals(
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1 NIL NIL NIL NIL)",
        Mime.body(crlf("Subject: x\n\nhello\n"), true));
    // Content-* without Mime-Version or Content-Type is not MIME: forgotten, as Dovecot does
    assertEquals(
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 7 1)",
        Mime.body(crlf("Content-Transfer-Encoding: base64\n\nhello\n"), false));
    // a charset is added to text/* only
    assertEquals(
        "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)",
        Mime.body(crlf("Content-Type: text/html\n\n"), false));
    assertEquals(
        "(\"image\" \"png\" NIL NIL NIL \"7bit\" 3)",
        Mime.body(crlf("Content-Type: image/png\n\nabc"), false));
    // a broken Content-Type: what could be read of it, no parameters
    assertEquals(
        "(\"text\" \"\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 3 1)",
        Mime.body(crlf("Content-Type: text\n\nx\n"), false));
    assertEquals(
        "(\"\" \"\" NIL NIL NIL \"7bit\" 3)",
        Mime.body(crlf("Content-Type: text/plain garbage\n\nx\n"), false));
    // a message with no header at all, and an empty message
    assertEquals(
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 5 1)",
        Mime.body(crlf("\nabc\n"), false));
    assertEquals(
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0)",
        Mime.body(new byte[0], false));
  }

  @Test
  void extensionDataAndRfc2231() {
    byte[] m =
        crlf(
            """
            Mime-Version: 1.0
            Content-Type: multipart/mixed; boundary=b; x-Extra="q\\"uoted"

            --b
            Content-Type: application/octet-stream; name*1="name.txt"; Foo=Bar;
             name*0=long
            Content-Disposition: attachment; filename*=utf-8''%E2%82%AC.txt; size=3
            Content-Language: en, de-CH
            Content-Location: http://example.org/x
            Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
            Content-ID: <id@x>
            Content-Description: the description
            Content-Transfer-Encoding: base64

            YWJj
            --b
            Content-Type: text/plain; charset*0*=us-ascii'en'a%42; charset*1=c

            x
            --b--
            """);
    assertEquals(
        // Dovecot 2.3 joins continuations but leaves an extended value encoded, under "name*"
        "((\"application\" \"octet-stream\" (\"Foo\" \"Bar\" \"name\" \"longname.txt\") \"<id@x>\""
            + " \"the description\" \"base64\" 4 \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"attachment\""
            + " (\"size\" \"3\" \"filename*\" \"utf-8''%E2%82%AC.txt\")) (\"en\" \"de-CH\")"
            + " \"http://example.org/x\")(\"text\" \"plain\" (\"charset*\" \"us-ascii'en'a%42c\""
            + " \"charset\" \"us-ascii\") NIL NIL \"7bit\" 1 0 NIL NIL NIL NIL) \"mixed\" (\"boundary\""
            + " \"b\" \"x-Extra\" \"q\\\"uoted\") NIL NIL NIL)",
        Mime.body(m, true));
  }

  @Test
  void messageRfc822PartsCarryEnvelopeStructureAndLines() {
    byte[] m =
        crlf(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Type: message/rfc822

            Subject: inner
            From: a@b.c

            one
            two
            --b--
            """);
    assertEquals(
        "((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 39 (NIL \"inner\" ((NIL NIL \"a\" \"b.c\"))"
            + " ((NIL NIL \"a\" \"b.c\")) ((NIL NIL \"a\" \"b.c\")) NIL NIL NIL NIL NIL) (\"text\""
            + " \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 8 1) 4) \"mixed\")",
        Mime.body(m, false));
  }

  @Test
  void digestPartsDefaultToMessageRfc822() {
    byte[] m =
        crlf(
            """
            Content-Type: multipart/digest; boundary=d

            --d

            Subject: s

            b
            --d--
            """);
    String body = Mime.body(m, false);
    assertTrue(
        body.startsWith("((\"message\" \"rfc822\" NIL NIL NIL \"7bit\" 15 (NIL \"s\""), body);
  }

  @Test
  void envelopeNilAndEmptyAndEightBit() {
    assertEquals(
        "(NIL \"\" NIL NIL NIL NIL NIL NIL NIL \"\")",
        Mime.envelope(crlf("Subject:\nMessage-ID: \n\n")));
    byte[] utf8 = crlf("Subject: Grüße\nFrom: \"Jörg\" <j@x>\n\n");
    String env = Mime.envelope(utf8);
    assertEquals(
        "(NIL {7}\r\nGrüße ((\"J\" NIL \"j\" \"x\")) ((\"J\" NIL \"j\" \"x\")) ((\"J\" NIL \"j\""
            + " \"x\")) NIL NIL NIL NIL NIL)",
        env.replace("{5}\r\nJörg", "\"J\""));
    assertTrue(env.contains("{5}\r\nJörg"), env);
    // invalid and absent addresses, as Dovecot fills them
    assertEquals(
        "(NIL NIL ((NIL NIL \"user\" \"MISSING_DOMAIN\")) ((NIL NIL \"user\" \"MISSING_DOMAIN\"))"
            + " ((NIL NIL \"user\" \"MISSING_DOMAIN\")) ((\"two words\" NIL \"MISSING_MAILBOX\""
            + " \"MISSING_DOMAIN\")) NIL NIL NIL NIL)",
        Mime.envelope(crlf("From: user\nTo: two words\n\n")));
    // a folded subject is unfolded (a literal, as Dovecot writes what it changed); several To
    // headers are one list
    assertEquals(
        "(NIL {3}\r\na b NIL NIL NIL ((NIL NIL \"x\" \"y\")(NIL NIL \"z\" \"w\")) NIL NIL NIL NIL)",
        Mime.envelope(crlf("Subject: a\n  b\nTo: x@y\nTo: z@w\n\n")));
  }

  @Test
  void bareLfMessagesAndEightBitBodies() {
    byte[] m =
        "Content-Type: multipart/mixed; boundary=b\n\n--b\n\nh\u00e9llo\n--b--\n"
            .getBytes(StandardCharsets.UTF_8);
    assertEquals(
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 6 0) \"mixed\")",
        Mime.body(m, false));
    assertEquals("h\u00e9llo", Mime.section(m, Mime.sec("1")));
  }

  @Test
  void aMultipartsPartsAreMimeWithoutContentType() {
    byte[] m =
        crlf(
            """
            Content-Type: multipart/mixed; boundary=b

            --b
            Content-Transfer-Encoding: base64
            Content-Disposition: inline

            aGVsbG8=
            --b--
            """);
    assertEquals(
        "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"base64\" 8 0 NIL"
            + " (\"inline\" NIL) NIL NIL) \"mixed\" (\"boundary\" \"b\") NIL NIL NIL)",
        Mime.body(m, true));
  }
}
