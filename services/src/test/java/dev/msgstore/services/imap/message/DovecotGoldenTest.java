package dev.msgstore.services.imap.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * BODYSTRUCTURE and ENVELOPE exactly as Dovecot 2.3.19.1 (Debian's, on the build machine) answers
 * them, for 33 hand-written edge cases (c-*: broken Content-Type, RFC 2231, boundaries cut short,
 * in headers, sharing prefixes, groups, routes, NIL and "" ...) and 150 messages of the seeded
 * fuzz's mutations (m*). The answers were taken with {@code doveadm fetch imap.bodystructure
 * imap.envelope} on a Maildir of these files; messages with bare LFs (where Dovecot counts sizes as
 * CRLF) and with non-UTF-8 header bytes (written as U+FFFD here) are not among them.
 */
class DovecotGoldenTest {
  private static final String DIR = "dovecot/";

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DovecotGoldenTest.class.getResourceAsStream(DIR + name)) {
      assertTrue(in != null, name);
      return in.readAllBytes();
    }
  }

  @Test
  void answersAsDovecotDoes() throws IOException {
    String expected = new String(resource("expected.txt"), StandardCharsets.UTF_8);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String line : expected.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", 3);
      byte[] message = resource(f[0] + ".eml");
      String want = f[2].replace("\\r\\n", "\r\n");
      String got = f[1].equals("BODYSTRUCTURE") ? Mime.body(message, true) : Mime.envelope(message);
      got = got.substring(1, got.length() - 1); // doveadm leaves the outer parentheses out
      checked++;
      if (!want.equals(got)) {
        failures.add(f[0] + " " + f[1] + "\n  dovecot: " + want + "\n  ours:    " + got);
      }
    }
    assertEquals(366, checked);
    assertEquals(List.of(), failures);
  }

  /**
   * SEARCH as Dovecot answers it over the same files (doveadm search), but for the one rule
   * msgstore cannot follow: TextSearch does not say whether FROM x or HEADER FROM x was asked, so
   * an address field matches in its raw form or its normalised one (Dovecot: FROM only the
   * normalised, HEADER FROM only the raw); and two messages whose multipart has a second, text/* or
   * message/* Content-Type, which makes Dovecot search (m0022) or its decoder skip (m0043) text
   * that msgstore, going by the first Content-Type as the structure does, does not.
   */
  @Test
  void searchesAsDovecotDoes() throws IOException {
    String expected = new String(resource("expected-search.txt"), StandardCharsets.UTF_8);
    java.util.Set<String> known =
        java.util.Set.of(
            "FROM\ta@b\tm0255", "FROM\tbroken\tm0255", "BODY\tworld\tm0022", "BODY\tx\tm0043");
    List<String> failures = new ArrayList<>();
    java.util.Map<String, byte[]> messages = new java.util.TreeMap<>();
    for (String line : new String(resource("expected.txt"), StandardCharsets.UTF_8).split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        String name = line.split("\t", 2)[0];
        messages.putIfAbsent(name, resource(name + ".eml"));
      }
    }
    int queries = 0;
    for (String line : expected.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      java.util.Set<String> want =
          f[2].isEmpty() ? java.util.Set.of() : java.util.Set.of(f[2].split(","));
      TextSearch search =
          f[0].startsWith("HEADER ")
              ? new TextSearch(TextSearch.Where.HEADER, f[0].substring(7), f[1])
              : f[0].equals("BODY") || f[0].equals("TEXT")
                  ? new TextSearch(TextSearch.Where.valueOf(f[0]), null, f[1])
                  : new TextSearch(TextSearch.Where.HEADER, f[0], f[1]);
      queries++;
      for (var m : messages.entrySet()) {
        boolean got =
            TextSearcher.matches(
                Mime.parse(m.getValue()), new java.io.ByteArrayInputStream(m.getValue()), search);
        if (got != want.contains(m.getKey())
            && !known.contains(f[0] + "\t" + f[1] + "\t" + m.getKey())) {
          failures.add(
              f[0] + " " + f[1] + " " + m.getKey() + ": dovecot " + !got + ", ours " + got);
        }
      }
    }
    assertEquals(40, queries);
    assertEquals(List.of(), failures);
  }

  /** BODY[section] of 20 section specifications for each file, as Dovecot answers them. */
  @Test
  void sectionsAsDovecotDoes() throws IOException {
    String expected = new String(resource("expected-sections.txt"), StandardCharsets.UTF_8);
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (String line : expected.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      byte[] message = resource(f[0] + ".eml");
      String want = new String(java.util.Base64.getDecoder().decode(f[2]), StandardCharsets.UTF_8);
      String got = Mime.section(message, Mime.sec(f[1]));
      checked++;
      if (!want.equals(got)) {
        failures.add(f[0] + " BODY[" + f[1] + "]\n  dovecot: " + want + "\n  ours:    " + got);
      }
    }
    assertEquals(3660, checked);
    assertEquals(List.of(), failures);
  }
}
