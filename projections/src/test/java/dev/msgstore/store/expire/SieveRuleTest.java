package dev.msgstore.store.expire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SieveRuleTest {
  static final String HEADER =
      "Return-Path: <bounce@lists.example.org>\r\n"
          + "From: \"Joe, Sr.\" <joe@example.com>\r\n"
          + "To: ann@example.org, bob@example.net\r\n"
          + "Subject: =?UTF-8?Q?caf=C3=A9?= weekly\r\n"
          + "X-Spam-Flag: YES\r\n"
          + "Date: Tue, 03 Mar 2026 10:15:00 +0100\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: multipart/mixed; boundary=b1\r\n"
          + "\r\n";
  static final String BODY =
      "--b1\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "Content-Transfer-Encoding: base64\r\n\r\n"
          + "VGhlcmUgaXMgYSBCVUcgaW4gdGhlIHJlbGVhc2U=\r\n"
          + "--b1\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n"
          + "secret-token\r\n"
          + "--b1--\r\n";
  static final long NOW = Instant.parse("2026-12-03T12:00:00Z").toEpochMilli();

  static Optional<ExpireAction> run(String script) {
    byte[] whole = (HEADER + BODY).getBytes(StandardCharsets.UTF_8);
    SieveMessage m =
        new SieveMessage(HEADER, whole.length, () -> new ByteArrayInputStream(whole), "ann", NOW);
    return SieveRule.compile(script).decide(m);
  }

  static void selects(String script) {
    assertEquals(Optional.of(new ExpireAction.Discard()), run(script), script);
  }

  static void keeps(String script) {
    assertEquals(Optional.empty(), run(script), script);
  }

  @Test
  void headerDecodesEncodedWordsAndMatchesCaseInsensitively() {
    selects("if header :contains \"subject\" \"CAFÉ\" { discard; }");
    selects("if header :matches \"Subject\" \"caf? week*\" { discard; }");
    keeps("if header :is \"subject\" \"weekly\" { discard; }");
  }

  @Test
  void addressAndEnvelope() {
    selects("if address :domain :is \"to\" \"example.net\" { discard; }");
    selects("if address :localpart :is \"from\" \"joe\" { discard; }");
    keeps("if address :all :is \"from\" \"Sr.\" { discard; }");
    selects(
        "require \"envelope\"; if envelope :domain :is \"from\" \"lists.example.org\" { discard; }");
    selects("require \"envelope\"; if envelope :is \"to\" \"ann\" { discard; }");
  }

  @Test
  void sizeExistsAndTheLogicalTests() {
    selects("if size :over 100 { discard; }");
    keeps("if size :under 100 { discard; }");
    selects("if exists [\"X-Spam-Flag\", \"Date\"] { discard; }");
    keeps("if exists \"X-Virus\" { discard; }");
    selects("if allof (exists \"X-Spam-Flag\", not exists \"X-Virus\") { discard; }");
    keeps("if allof (exists \"X-Spam-Flag\", exists \"X-Virus\") { discard; }");
    selects("if anyof (exists \"X-Virus\", header :is \"X-Spam-Flag\" \"yes\") { discard; }");
  }

  @Test
  void bodyLooksIntoDecodedTextPartsOnlyAsRfc5173Says() {
    selects("require \"body\"; if body :contains \"bug in the\" { discard; }");
    keeps("require \"body\"; if body :text :contains \"secret-token\" { discard; }");
    selects("require \"body\"; if body :raw :contains \"secret-token\" { discard; }");
    keeps("require \"body\"; if body :raw :contains \"bug in\" { discard; }"); // base64 on the wire
  }

  @Test
  void dateReadsAHeaderAndCurrentdateTheRunsTime() {
    selects("require \"date\"; if date :is \"date\" \"date\" \"2026-03-03\" { discard; }");
    selects("require \"date\"; if date :zone \"+0100\" :is \"date\" \"hour\" \"10\" { discard; }");
    selects(
        "require \"date\"; if date :is \"date\" \"hour\" \"09\" { discard; }"); // UTC by default
    selects("require \"date\"; if date :originalzone :is \"date\" \"zone\" \"+0100\" { discard; }");
    selects(
        "require [\"date\", \"relational\"];"
            + " if date :value \"lt\" \"date\" \"date\" \"2026-06-01\" { discard; }");
    keeps("require \"date\"; if date :is \"x-missing\" \"year\" \"2026\" { discard; }");
    selects("require \"date\"; if currentdate :is \"date\" \"2026-12-03\" { discard; }");
    selects("require \"date\"; if currentdate :is \"weekday\" \"4\" { discard; }");
    keeps(
        "require [\"date\", \"relational\"];"
            + " if currentdate :value \"lt\" \"year\" \"2026\" { discard; }");
  }

  @Test
  void fileintoAndKeepAreTheScriptsOwnActions() {
    assertEquals(
        Optional.of(new ExpireAction.FileInto("Spam")),
        run("require \"fileinto\"; if exists \"X-Spam-Flag\" { fileinto \"Spam\"; }"));
    keeps("if exists \"X-Spam-Flag\" { keep; }");
    keeps("keep;");
  }

  @Test
  void theReferencesTestOnlyFormSelects() {
    SieveRule r = SieveRule.compile("require \"body\"; body :contains \"bug\";");
    assertTrue(r.testOnly());
    selects("require \"body\"; body :contains \"bug\";");
    keeps("require \"body\"; body :contains \"feature\";");
  }

  @Test
  void badScriptsFailWhenCompiledNotWhenRun() {
    assertThrows(IllegalArgumentException.class, () -> SieveRule.compile("if header { discard; "));
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> SieveRule.compile("frobnicate;"));
    assertTrue(unknown.getMessage().contains("frobnicate"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SieveRule.compile(
                "require \"date\"; if date :is \"date\" \"fortnight\" \"1\" { discard; }"));
  }
}
