package dev.msgstore.services.imap.message;

import static dev.msgstore.services.imap.message.Mime.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SEARCH HEADER/BODY/TEXT: imaptest's search-* scripts, then decoding. */
class TextSearchTest {
  private static boolean matches(byte[] m, TextSearch.Where where, String header, String needle) {
    try {
      return TextSearcher.matches(
          Mime.parse(m), new ByteArrayInputStream(m), new TextSearch(where, header, needle));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The 1-based numbers of the messages that match, as SEARCH answers. */
  private static List<Integer> search(
      String[] messages, TextSearch.Where where, String header, String needle) {
    List<Integer> hits = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      if (matches(crlf(messages[i]), where, header, needle)) {
        hits.add(i + 1);
      }
    }
    return hits;
  }

  private static final String[] BODY = {
    "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\nasdfghjkl zxcvbnm\n",
    "Date: Sat, 24 Mar 2007 23:00:00 +0200\nSubject: qwertyuiop\n\nasdfghjkl\n",
    "Date: Sat, 24 Mar 2007 23:00:00 +0200\nX-Header: qwertyuiop\n\nzxcvbnm\n",
    "Date: Sat, 24 Mar 2007 23:00:00 +0200\n\nzxcvbnm qwertyuiop\n",
  };

  @Test
  void searchBody() {
    var text = TextSearch.Where.TEXT;
    var body = TextSearch.Where.BODY;
    assertEquals(List.of(1, 2), search(BODY, text, null, "asdfghjkl"));
    assertEquals(List.of(1, 3, 4), search(BODY, text, null, "zxcvbnm"));
    assertEquals(List.of(2, 3, 4), search(BODY, text, null, "qwertyuiop"));
    assertEquals(List.of(1, 2), search(BODY, body, null, "asdfghjkl"));
    assertEquals(List.of(1, 3, 4), search(BODY, body, null, "zxcvbnm"));
    assertEquals(List.of(4), search(BODY, body, null, "qwertyuiop"));
    assertEquals(List.of(1, 2), search(BODY, text, null, "sdfghjk"));
    assertEquals(List.of(1, 3, 4), search(BODY, text, null, "xcvbn"));
    assertEquals(List.of(2, 3, 4), search(BODY, text, null, "wertyuio"));
    assertEquals(List.of(1, 2), search(BODY, body, null, "sdfghjk"));
    assertEquals(List.of(4), search(BODY, body, null, "WERTYUIO"));
  }

  private static final String[] HEADER = {
    "Subject: hello beautiful world\n\nbody\n",
    "X-Extra: hello beautiful header\nX-Extra: another one\n\nbody\n",
  };

  @Test
  void searchHeader() {
    var h = TextSearch.Where.HEADER;
    assertEquals(List.of(1), search(HEADER, h, "subject", "hello"));
    assertEquals(List.of(1), search(HEADER, h, "Subject", "beautiful"));
    assertEquals(List.of(1), search(HEADER, h, "subject", "hello beautiful world"));
    assertEquals(List.of(1), search(HEADER, h, "subject", "eautiful worl"));
    assertEquals(List.of(1), search(HEADER, h, "subject", ""));
    assertEquals(List.of(2), search(HEADER, h, "x-extra", ""));
    assertEquals(List.of(2), search(HEADER, h, "x-extra", "hello"));
    assertEquals(List.of(2), search(HEADER, h, "X-EXTRA", "eautiful head"));
    assertEquals(List.of(2), search(HEADER, h, "x-extra", "another"));
  }

  private static final String[] ADDRESSES = {
    "From: user-from@domain.org\nTo: user-to@domain.org\nCc: user-cc@domain.org\n"
        + "Bcc: user-bcc@domain.org\n\nbody\n",
    "From: RealFrom <user-from@domain.org>\nTo: RealTo <user-to@domain.org>\n"
        + "Cc: RealCc <user-cc@domain.org>\nBcc: RealBcc <user-bcc@domain.org>\n\nbody2\n",
    "From: <user-from (comment)@ (comment) domain.org>\nTo: <user-to@domain.org>\n"
        + "Cc: <user-cc@domain.org>\nBcc: <user-bcc@domain.org>\n\nbody3\n",
    "From: user-from@domain.org (RealFrom)\nTo: user-to@domain.org (RealTo)\n"
        + "Cc: user-cc@domain.org (RealCc)\nBcc: user-bcc@domain.org (RealBcc)\n\nbody4\n",
    "From: user-from1@domain.org, user-from2@domain.org\nCc: user-cc@domain.org\n\nbody5\n",
    "From: RealFrom <user-from@domain.org>\nTo: groupname: groupuser1@domain.org,"
        + " groupuser2@domain.org;,\n  groupname2: groupuser3@domain.org;\n\nbody6\n",
    "From: RealFrom <user-from@domain.org>\nTo: groupname:;\n\nbody7\n",
  };

  @Test
  void searchAddresses() {
    var h = TextSearch.Where.HEADER;
    String[] m = ADDRESSES;
    assertEquals(List.of(1, 2, 3, 4, 6, 7), search(m, h, "from", "user-from@domain.org"));
    assertEquals(List.of(1, 2, 3, 4), search(m, h, "to", "user-to@domain.org"));
    assertEquals(List.of(1, 2, 3, 4, 5), search(m, h, "cc", "user-cc@domain.org"));
    assertEquals(List.of(1, 2, 3, 4), search(m, h, "bcc", "user-bcc@domain.org"));
    assertEquals(List.of(2, 4, 6, 7), search(m, h, "from", "realfrom"));
    assertEquals(List.of(2, 4), search(m, h, "to", "realto"));
    assertEquals(List.of(2, 4), search(m, h, "bcc", "realbcc"));
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), search(m, h, "from", ""));
    assertEquals(List.of(1, 2, 3, 4, 6, 7), search(m, h, "to", ""));
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7), search(m, h, "from", "ser-fro"));
    assertEquals(List.of(2, 4, 6, 7), search(m, h, "from", "ealfro"));
    assertEquals(List.of(5), search(m, h, "from", "user-from1"));
    assertEquals(List.of(5), search(m, h, "from", "user-from2"));
    assertEquals(List.of(6, 7), search(m, h, "to", "groupname"));
    assertEquals(List.of(6), search(m, h, "to", "groupname2"));
    assertEquals(List.of(6), search(m, h, "to", "groupuser1"));
    assertEquals(List.of(6), search(m, h, "to", "groupuser3"));
    assertEquals(List.of(), search(m, h, "to", "groupuser4"));
  }

  @Test
  void nilIsAWordLikeAnyOther() {
    String[] m = {"Date: Sat, 24 Mar 2007 23:00:00 +0200\nSubject: NiL\n\nnil\n"};
    assertEquals(List.of(1), search(m, TextSearch.Where.HEADER, "subject", "NIL"));
    assertEquals(List.of(1), search(m, TextSearch.Where.BODY, null, "nil"));
  }

  @Test
  void decodesTransferEncodingsCharsetsAndEncodedWords() {
    String multipart =
        """
        From: =?ISO-8859-1?Q?Andr=E9?= <andre@example.org>
        Subject: =?UTF-8?B?R3LDvMOfZQ==?= aus =?iso-8859-15?q?=A4uro?=
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary=b

        --b
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: base64

        w5xiZXJncsO2w59lbmJlc2NocsOkbmt1bmcgZsO8ciBkaWUgU3VjaGU=
        --b
        Content-Type: text/plain; charset=iso-8859-1
        Content-Transfer-Encoding: quoted-printable

        caf=E9 cr=E8me br=FBl=
        =E9e
        --b
        Content-Type: text/html; charset=windows-1252

        \u0080 sign
        --b--
        """;
    byte[] m = multipart.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    m =
        new String(m, java.nio.charset.StandardCharsets.ISO_8859_1)
            .replace("\n", "\r\n")
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    var h = TextSearch.Where.HEADER;
    var body = TextSearch.Where.BODY;
    var text = TextSearch.Where.TEXT;
    assertEquals(true, matches(m, h, "from", "andré"));
    assertEquals(true, matches(m, h, "from", "ANDRÉ <andre@"));
    assertEquals(true, matches(m, h, "subject", "grüße aus €uro"));
    assertEquals(true, matches(m, body, null, "größenbeschränkung"), "base64 UTF-8");
    assertEquals(true, matches(m, body, null, "ÜBERGRÖ"), "case-insensitive beyond ASCII");
    assertEquals(true, matches(m, body, null, "café crème brûlée"), "quoted-printable, soft break");
    assertEquals(true, matches(m, body, null, "€ sign"), "windows-1252");
    assertEquals(false, matches(m, body, null, "w5xiZXJn"), "the base64 text is not searched");
    assertEquals(false, matches(m, body, null, "grüße"), "BODY has no headers");
    assertEquals(true, matches(m, text, null, "grüße"), "TEXT has them");
    assertEquals(true, matches(m, text, null, "charset=iso-8859-1"), "MIME headers too");
    assertEquals(false, matches(m, h, "subject", "andré"));
  }
}
