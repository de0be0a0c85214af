package dev.msgstore.services.imap.message;

import static dev.msgstore.services.imap.message.Mime.crlf;
import static dev.msgstore.services.imap.message.Mime.sec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The answers Dovecot's imaptest scripts (release 2.3, src/tests/fetch-*) expect, for their
 * messages. imaptest compares atoms and strings case-insensitively, and so do these.
 */
class ImaptestGoldenTest {
  private static void assertImap(String expected, String actual) {
    assertTrue(expected.equalsIgnoreCase(actual), "expected\n" + expected + "\nbut was\n" + actual);
  }

  @Test
  void fetchBodystructure() {
    byte[] m =
        crlf(
            """
            From: user@domain.org
            Date: Sat, 24 Mar 2007 23:00:00 +0200
            Mime-Version: 1.0
            Content-Type: multipart/mixed; boundary="foo
             bar"

            --foo bar
            Content-Type: text/x-myown; charset=us-ascii

            hello

            --foo bar--
            """);
    assertImap(
        "((\"TEXT\" \"x-MYOWN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 7 1) \"MIXED\")",
        Mime.body(m, false));
  }

  private static final String[] ENVELOPE_MESSAGES = {
    """
    Message-ID: <msg@id>
    In-Reply-To: <reply@to.id>
    Date: Thu, 15 Feb 2007 01:02:03 +0200
    Subject: subject header
    From: From Real <fromuser@fromdomain.org>
    To: To Real <touser@todomain.org>
    Cc: Cc Real <ccuser@ccdomain.org>
    Bcc: Bcc Real <bccuser@bccdomain.org>
    Sender: Sender Real <senderuser@senderdomain.org>
    Reply-To: ReplyTo Real <replytouser@replytodomain.org>

    body
    """,
    """
    Date: Thu, 15 Feb 2007 01:02:03 +0200
    From: user@domain

    body
    """,
    """
    Date: Thu, 15 Feb 2007 01:02:03 +0200
    From: user@domain (Real Name)
    To: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;
    Cc: group:;, group2: (foo) ;

    body
    """,
    """
    Date: Thu, 15 Feb 2007 01:02:03 +0200
    From: user@domain (Real Name)
    Sender:\s
    Reply-To:\s

    body
    """,
    """
    Date: Thu, 15 Feb 2007 01:02:03 +0200
    From: <@route:user@domain>

    body
    """
  };

  private static final String[] ENVELOPES = {
    "(\"Thu, 15 Feb 2007 01:02:03 +0200\" \"subject header\" ((\"From Real\" NIL \"fromuser\""
        + " \"fromdomain.org\")) ((\"Sender Real\" NIL \"senderuser\" \"senderdomain.org\"))"
        + " ((\"ReplyTo Real\" NIL \"replytouser\" \"replytodomain.org\")) ((\"To Real\" NIL"
        + " \"touser\" \"todomain.org\")) ((\"Cc Real\" NIL \"ccuser\" \"ccdomain.org\"))"
        + " ((\"Bcc Real\" NIL \"bccuser\" \"bccdomain.org\")) \"<reply@to.id>\" \"<msg@id>\")",
    "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((NIL NIL \"user\" \"domain\")) ((NIL NIL \"user\""
        + " \"domain\")) ((NIL NIL \"user\" \"domain\")) NIL NIL NIL NIL NIL)",
    "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\"))"
        + " ((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\"))"
        + " ((NIL NIL \"group\" NIL)(NIL NIL \"g1\" \"d1.org\")(NIL NIL \"g2\" \"d2.org\")(NIL NIL"
        + " NIL NIL)(NIL NIL \"group2\" NIL)(NIL NIL \"g3\" \"d3.org\")(NIL NIL NIL NIL)) ((NIL"
        + " NIL \"group\" NIL)(NIL NIL NIL NIL)(NIL NIL \"group2\" NIL)(NIL NIL NIL NIL)) NIL NIL"
        + " NIL)",
    "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((\"Real Name\" NIL \"user\" \"domain\"))"
        + " ((\"Real Name\" NIL \"user\" \"domain\")) ((\"Real Name\" NIL \"user\" \"domain\"))"
        + " NIL NIL NIL NIL NIL)",
    "(\"Thu, 15 Feb 2007 01:02:03 +0200\" NIL ((NIL \"@route\" \"user\" \"domain\")) ((NIL"
        + " \"@route\" \"user\" \"domain\")) ((NIL \"@route\" \"user\" \"domain\")) NIL NIL NIL NIL"
        + " NIL)"
  };

  @Test
  void fetchEnvelope() {
    for (int i = 0; i < ENVELOPES.length; i++) {
      assertImap(ENVELOPES[i], Mime.envelope(crlf(ENVELOPE_MESSAGES[i])));
    }
  }

  static final String BODY_MIME =
      """
      From: user@domain.org
      Date: Sat, 24 Mar 2007 23:00:00 +0200
      Mime-Version: 1.0
      Content-Type: multipart/mixed; boundary="foo
       bar"

      Root MIME prologue

      --foo bar
      Content-Type: text/x-myown; charset=us-ascii

      hello

      --foo bar
      Content-Type: message/rfc822

      From: sub@domain.org
      Date: Sun, 12 Aug 2012 12:34:56 +0300
      Subject: submsg
      Content-Type: multipart/alternative; boundary="sub1"

      Sub MIME prologue
      --sub1
      Content-Type: text/html

      <p>Hello world</p>

      --sub1
      Content-Type: text/plain

      Hello another world

      --sub1--
      Sub MIME epilogue

      --foo bar--
      Root MIME epilogue

      """;

  private static void assertSection(String message, String section, String expected) {
    assertEquals(
        expected.replace("\n", "\r\n"),
        Mime.section(crlf(message), sec(section)),
        "BODY[" + section + "]");
  }

  @Test
  void fetchBodyMime() {
    String m = BODY_MIME;
    assertSection(m, "", m);
    assertSection(m, "TEXT", m.substring(m.indexOf("Root MIME prologue")));
    assertSection(m, "1", "hello\n");
    assertSection(m, "1.MIME", "Content-Type: text/x-myown; charset=us-ascii\n\n");
    String sub = m.substring(m.indexOf("From: sub@"), m.indexOf("\n--foo bar--"));
    assertTrue(sub.endsWith("Sub MIME epilogue\n"));
    assertSection(m, "2", sub);
    assertSection(m, "2.MIME", "Content-Type: message/rfc822\n\n");
    assertSection(m, "2.HEADER", sub.substring(0, sub.indexOf("Sub MIME prologue")));
    assertSection(
        m, "2.HEADER.FIELDS (from subject X-foo)", "From: sub@domain.org\nSubject: submsg\n\n");
    assertSection(
        m,
        "2.HEADER.FIELDS.NOT (from subject X-foo)",
        "Date: Sun, 12 Aug 2012 12:34:56 +0300\n"
            + "Content-Type: multipart/alternative; boundary=\"sub1\"\n\n");
    assertSection(m, "2.TEXT", sub.substring(sub.indexOf("Sub MIME prologue")));
    assertSection(m, "2.1.MIME", "Content-Type: text/html\n\n");
    assertSection(m, "2.1", "<p>Hello world</p>\n");
    assertSection(m, "2.2.MIME", "Content-Type: text/plain\n\n");
    assertSection(m, "2.2", "Hello another world\n");
    // not there: empty, as Dovecot answers
    assertSection(m, "3", "");
    assertSection(m, "1.HEADER", "");
    assertSection(m, "1.2", "");
  }

  @Test
  void fetchBodyMessageRfc822() {
    String m =
        """
        From: user@domain.org
        Date: Sat, 24 Mar 2007 23:00:00 +0200
        Mime-Version: 1.0
        Content-Type: message/rfc822

        From: sub@domain.org
        Date: Sun, 12 Aug 2012 12:34:56 +0300
        Subject: submsg

        Hello world
        """;
    String sub = m.substring(m.indexOf("From: sub@"));
    assertSection(m, "TEXT", sub);
    assertSection(m, "1", sub);
    assertSection(m, "1.1", "Hello world\n");
    assertSection(m, "1.HEADER", sub.substring(0, sub.indexOf("Hello")));
    assertSection(
        m, "1.HEADER.FIELDS (from subject X-foo)", "From: sub@domain.org\nSubject: submsg\n\n");
    assertSection(
        m, "1.HEADER.FIELDS.NOT (from subject X-foo)", "Date: Sun, 12 Aug 2012 12:34:56 +0300\n\n");
    assertSection(m, "1.TEXT", "Hello world\n");
  }

  @Test
  void fetchBodyMessageRfc822X2() {
    String m =
        """
        From: user@domain.org
        Date: Sat, 24 Mar 2007 23:00:00 +0200
        Mime-Version: 1.0
        Content-Type: message/rfc822

        From: user2@domain.org
        Date: Fri, 23 Mar 2007 11:22:33 +0200
        Mime-Version: 1.0
        Content-Type: message/rfc822

        From: sub@domain.org
        Date: Sun, 12 Aug 2012 12:34:56 +0300
        Subject: submsg

        Hello world
        """;
    String inner = m.substring(m.indexOf("From: user2@"));
    String innermost = m.substring(m.indexOf("From: sub@"));
    assertSection(m, "1", inner);
    assertSection(m, "1.1", innermost);
    assertSection(m, "1.HEADER", inner.substring(0, inner.indexOf("From: sub@")));
    assertSection(m, "1.TEXT", innermost);
    assertSection(m, "1.1.1", "Hello world\n");
    assertSection(m, "1.1.HEADER", innermost.substring(0, innermost.indexOf("Hello")));
    assertSection(m, "1.1.TEXT", "Hello world\n");
  }

  @Test
  void fetchBodyMessageRfc822Mime() {
    String m =
        """
        From: user@domain.org
        Date: Sat, 24 Mar 2007 23:00:00 +0200
        Mime-Version: 1.0
        Content-Type: message/rfc822

        From: sub@domain.org
        Date: Sun, 12 Aug 2012 12:34:56 +0300
        Subject: submsg
        Content-Type: multipart/digest; boundary="foo"

        prologue

        --foo\s

        From: m1@example.com
        Subject: m1

        m1 body

        --foo\s
        X-Mime: m2 header

        From: m2@example.com
        Subject: m2

        m2 body

        --foo--

        epilogue
        """;
    assertSection(m, "1.1", "From: m1@example.com\nSubject: m1\n\nm1 body\n");
    assertSection(m, "1.1.MIME", "\n");
    assertSection(m, "1.1.HEADER", "From: m1@example.com\nSubject: m1\n\n");
    assertSection(m, "1.1.TEXT", "m1 body\n");
    assertSection(m, "1.2", "From: m2@example.com\nSubject: m2\n\nm2 body\n");
    assertSection(m, "1.2.MIME", "X-Mime: m2 header\n\n");
    assertSection(m, "1.2.HEADER", "From: m2@example.com\nSubject: m2\n\n");
    assertSection(m, "1.2.TEXT", "m2 body\n");
  }

  @Test
  void fetchBodyHeaderFields() {
    String m =
        """
        From: User1 <user1@domain.org>
        Date: Sat, 24 Mar 2007 23:00:00 +0200
        Subject: s1

        body1
        """;
    assertSection(m, "HEADER.FIELDS (from)", "From: User1 <user1@domain.org>\n\n");
    assertSection(m, "HEADER.FIELDS (from from)", "From: User1 <user1@domain.org>\n\n");
    assertSection(
        m, "HEADER.FIELDS (SUBJECT from)", "From: User1 <user1@domain.org>\nSubject: s1\n\n");
    assertSection(m, "HEADER.FIELDS.NOT (date)", "From: User1 <user1@domain.org>\nSubject: s1\n\n");
    assertSection(m, "HEADER.FIELDS (xyz)", "\n");
    assertSection(m, "HEADER", m.substring(0, m.indexOf("body1")));
    assertSection(m, "TEXT", "body1\n");
    assertSection(m, "1", "body1\n"); // BODY[1] of a single-part message is its body
    assertSection(m, "1.MIME", m.substring(0, m.indexOf("body1")));
  }
}
