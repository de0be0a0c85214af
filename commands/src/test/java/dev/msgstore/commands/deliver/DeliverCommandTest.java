package dev.msgstore.commands.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.Command;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.CreateUser;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.SetUserStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliverCommandTest {
  static final Author ADMIN = Author.of("admin", "test setup");

  static final String MESSAGE =
      "From: ann@example.com\r\n"
          + "To: joe@example.com\r\n"
          + "Subject: lunch\r\n"
          + "Date: Sat, 28 Nov 2026 10:00:00 +0000\r\n"
          + "Message-ID: <lunch.1@example.com>\r\n"
          + "\r\n"
          + "Noon?\r\n";

  @TempDir Path root;

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  Run deliver(String message, String... args) {
    return deliver(bytes(message), args);
  }

  Run deliver(byte[] message, String... args) {
    return deliver(new java.io.ByteArrayInputStream(message), args);
  }

  Run deliver(InputStream message, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--store";
    all[1] = root.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return Run.deliver(message, all);
  }

  void given(Command... commands) {
    try (Store s = Store.open(root)) {
      for (Command c : commands) {
        s.execute(ADMIN, c);
      }
    }
  }

  Optional<MailboxRecord> mailbox(String name) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(name);
    }
  }

  List<MessageRecord> messages(String mailbox) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox(mailbox).map(m -> r.messages(m.id())).orElse(List.of());
    }
  }

  byte[] body(String mailbox, long uid) throws IOException {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord m = r.mailbox(mailbox).orElseThrow();
      MessageRecord msg = r.message(m.id(), uid).orElseThrow();
      try (InputStream in = s.openBody(m.partition(), msg.digest())) {
        return in.readAllBytes();
      }
    }
  }

  long journalEnd() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  static Digest sha256(byte[] b) {
    return Digest.sha256(b);
  }

  // ---- delivery ----

  @Test
  void deliversToTheInboxSilentlyAndIndexesTheHeader() throws IOException {
    Run r = deliver(MESSAGE, "joe");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.out());
    assertEquals("", r.err());
    List<MessageRecord> inbox = messages("user/joe/INBOX");
    assertEquals(1, inbox.size());
    MessageRecord m = inbox.get(0);
    assertEquals(1, m.uid());
    assertEquals("<lunch.1@example.com>", m.messageId());
    assertEquals(Instant.parse("2026-11-28T10:00:00Z").toEpochMilli(), m.sentDate());
    assertEquals(MESSAGE.indexOf("Noon?"), m.headerSize());
    assertEquals(MESSAGE.length(), m.size());
    assertEquals(Set.of(), m.flags());
    assertArrayEquals(bytes(MESSAGE), body("user/joe/INBOX", 1));

    assertEquals(0, deliver(MESSAGE, "joe").exit());
    assertEquals(2, messages("user/joe/INBOX").get(1).uid());
  }

  @Test
  void storesWhatAnMtaPassesOnByteForByte() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(bytes("From: J\u00f6rg <joerg@example.de>\nSubject: "));
    b.writeBytes(
        new byte[] {(byte) 0xe4, (byte) 0xf6, (byte) 0xfc, (byte) 0xff}); // 8-bit, not UTF-8
    b.writeBytes(bytes("\nX-Folded: one\n two\n\nbare LF body\r\nmixed\n\u00e9t\u00e9\n"));
    byte[] input = b.toByteArray();
    Run r = deliver(input, "joe");
    assertEquals(0, r.exit(), r.err());
    MessageRecord m = messages("user/joe/INBOX").get(0);
    assertEquals("", m.messageId());
    assertEquals(0, m.sentDate());
    assertEquals(sha256(input), m.digest());
    assertArrayEquals(input, body("user/joe/INBOX", 1));
    assertEquals(new String(input, StandardCharsets.ISO_8859_1).indexOf("bare LF"), m.headerSize());
  }

  @Test
  void aMessageThatIsAllHeaderIsAMessage() throws IOException {
    String headerOnly = "Subject: nothing to say\r\nX-Note: really\r\n";
    Run r = deliver(headerOnly, "joe");
    assertEquals(0, r.exit(), r.err());
    assertEquals(headerOnly.length(), messages("user/joe/INBOX").get(0).headerSize());
    assertArrayEquals(bytes(headerOnly), body("user/joe/INBOX", 1));
  }

  @Test
  void threeRecipientsShareOneStoredBody() throws IOException {
    String marker = "marker-" + System.nanoTime();
    String message = MESSAGE.replace("Noon?", "Noon? " + marker);
    Run r = deliver(message, "joe", "ann", "bob@example.com");
    assertEquals(0, r.exit(), r.err());
    Digest digest = sha256(bytes(message));
    for (String u : List.of("joe", "ann", "bob@example.com")) {
      List<MessageRecord> inbox = messages("user/" + u + "/INBOX");
      assertEquals(1, inbox.size(), u);
      assertEquals(digest, inbox.get(0).digest(), u);
    }
    try (Store s = Store.open(root)) {
      assertEquals(1, s.bodies("primary").stats().records());
      assertEquals(message.length(), s.bodies("primary").stats().bytes());
    }
    assertEquals(1, occurrences(root.resolve("partition/primary/bodies"), bytes(marker)));
  }

  @Test
  void storesTheBodyOncePerPartition() throws IOException {
    given(
        new SetConfig("store.partition.second.path", "partition/second"),
        new CreateUser("ann", "second"),
        new CreateUser("eve", "second"));
    String marker = "marker-" + System.nanoTime();
    String message = MESSAGE.replace("Noon?", marker);
    Run r = deliver(message, "joe", "ann", "eve");
    assertEquals(0, r.exit(), r.err());
    assertEquals("second", mailbox("user/ann/INBOX").orElseThrow().partition());
    assertEquals("primary", mailbox("user/joe/INBOX").orElseThrow().partition());
    assertArrayEquals(bytes(message), body("user/ann/INBOX", 1));
    assertArrayEquals(bytes(message), body("user/eve/INBOX", 1));
    assertEquals(1, occurrences(root.resolve("partition/primary/bodies"), bytes(marker)));
    assertEquals(1, occurrences(root.resolve("partition/second/bodies"), bytes(marker)));
  }

  @Test
  void aLargeMessageStreamsThroughASpool() throws Exception {
    long size = 20L << 20;
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    Run r = deliver(new GeneratedMessage(size, sha), "joe", "ann");
    assertEquals(0, r.exit(), r.err());
    Digest expected = Digest.of(sha.digest());
    for (String u : List.of("joe", "ann")) {
      MessageRecord m = messages("user/" + u + "/INBOX").get(0);
      assertEquals(size, m.size());
      assertEquals(expected, m.digest());
    }
    try (Store s = Store.open(root);
        InputStream in = s.openBody("primary", expected)) {
      MessageDigest back = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; total += n) {
        back.update(buf, 0, n);
      }
      assertEquals(size, total);
      assertEquals(expected, Digest.of(back.digest()));
      assertEquals(1, s.bodies("primary").stats().records());
    }
  }

  // ---- -p ----

  @Test
  void patternsReachEveryExistingUserThatMatches() {
    given(
        new CreateMailbox("user/joe/INBOX", null),
        new CreateMailbox("user/ann/INBOX", null),
        new CreateMailbox("user/joe@example.com/INBOX", null),
        new CreateMailbox("user/sue@example.com/INBOX", null),
        new CreateMailbox("user/tim@example.org/INBOX", null),
        new CreateUser("new@example.com", null), // known to the directory, no mailbox yet
        new CreateMailbox("user/old@example.com/INBOX", null),
        new SetUserStatus("old@example.com", "deleted"));
    Run r = deliver(MESSAGE, "-p", "*@example.com");
    assertEquals(0, r.exit(), r.err());
    for (String u : List.of("joe@example.com", "sue@example.com", "new@example.com")) {
      assertEquals(1, messages("user/" + u + "/INBOX").size(), u);
    }
    for (String u : List.of("joe", "ann", "tim@example.org", "old@example.com")) {
      assertEquals(0, messages("user/" + u + "/INBOX").size(), u);
    }
    Run all = deliver(MESSAGE, "-p", "*");
    assertEquals(0, all.exit(), all.err());
    for (String u : List.of("joe", "ann", "joe@example.com", "tim@example.org")) {
      assertTrue(messages("user/" + u + "/INBOX").size() >= 1, u);
    }
    assertEquals(0, messages("user/old@example.com/INBOX").size());
    assertEquals(2, messages("user/sue@example.com/INBOX").size());
  }

  @Test
  void aPatternThatMatchesNobodyDeliversNothing() {
    given(new CreateMailbox("user/joe/INBOX", null));
    long before = journalEnd();
    Run r = deliver(MESSAGE, "-p", "*@nowhere.example");
    assertEquals(67, r.exit());
    assertEquals("deliver: no existing user matches '*@nowhere.example'\n", r.err());
    assertEquals(before, journalEnd());
  }

  // ---- -m, -c, -E ----

  @Test
  void aMissingFolderFallsBackToInbox() {
    Run r = deliver(MESSAGE, "-m", "tasks", "fred");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, messages("user/fred/INBOX").size());
    assertTrue(mailbox("user/fred/tasks").isEmpty());
  }

  @Test
  void anExistingFolderGetsTheMessage() {
    given(new CreateMailbox("user/fred/tasks", null));
    Run r = deliver(MESSAGE, "-m", "tasks", "fred");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, messages("user/fred/tasks").size());
    assertTrue(messages("user/fred/INBOX").isEmpty());
    assertEquals(0, deliver(MESSAGE, "-m", "inbox", "fred").exit());
    assertEquals(1, messages("user/fred/INBOX").size());
  }

  @Test
  void createsTheFolderWithC() {
    Run r = deliver(MESSAGE, "-c", "-m", "Projects/2026", "fred", "ann");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, messages("user/fred/Projects/2026").size());
    assertEquals(1, messages("user/ann/Projects/2026").size());
    // A new user's first folder brings their INBOX, as in the reference, with nothing in it.
    assertEquals(0, mailbox("user/fred/INBOX").orElseThrow().messages());
    assertEquals(0, mailbox("user/ann/INBOX").orElseThrow().messages());
  }

  @Test
  void aNewUsersFolderMakesAnAccountThatTakesMoreFolders() {
    assertEquals(0, deliver(MESSAGE, "-c", "-m", "Projects", "newguy").exit());
    VerbRun more = VerbRun.ok("mboxutil", root, "-c", "user/newguy/Archive");
    assertEquals("", more.err());
    assertTrue(mailbox("user/newguy/Archive").isPresent());
  }

  @Test
  void convertsAUtf8FolderNameToModifiedUtf7() {
    Run r = deliver(MESSAGE, "-E", "UTF-8", "-c", "-m", "Entwürfe", "joe");
    assertEquals(0, r.exit(), r.err());
    assertEquals(1, messages("user/joe/Entw&APw-rfe").size());
    Run imap = deliver(MESSAGE, "-E", "IMAP-mailbox-name", "-m", "Entw&APw-rfe", "joe");
    assertEquals(0, imap.exit(), imap.err());
    assertEquals(2, messages("user/joe/Entw&APw-rfe").size());
    Run plain = deliver(MESSAGE, "-m", "Entw&APw-rfe", "joe");
    assertEquals(0, plain.exit(), plain.err());
    assertEquals(3, messages("user/joe/Entw&APw-rfe").size());
  }

  @Test
  void refusesAFolderNameNotInItsEncoding() {
    given(new CreateMailbox("user/joe/INBOX", null));
    long before = journalEnd();
    Run r = deliver(MESSAGE, "-m", "Entwürfe", "joe");
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("deliver: -m: 'Entwürfe' is not an IMAP mailbox name"), r.err());
    assertTrue(r.err().contains("-E UTF-8"), r.err());
    assertTrue(r.err().endsWith("; try 'msgstore deliver --help'\n"), r.err());
    Run e = deliver(MESSAGE, "-E", "latin1", "-m", "x", "joe");
    assertEquals(64, e.exit());
    assertTrue(e.err().startsWith("deliver: -E: unknown encoding 'latin1'"), e.err());
    assertEquals(64, deliver(MESSAGE, "-m", "a*b", "joe").exit());
    assertEquals(before, journalEnd());
  }

  // ---- -g, -r, -x ----

  @Test
  void setsSystemFlagsAndKeywords() {
    Run r =
        deliver(
            MESSAGE,
            "-m",
            "Important",
            "-g",
            "\\Flagged",
            "-g",
            "\\seen",
            "-g",
            "$Label1",
            "-g",
            "NonJunk",
            "-g",
            "$label1",
            "fred");
    assertEquals(0, r.exit(), r.err());
    MessageRecord m = messages("user/fred/INBOX").get(0);
    assertEquals(Set.of(SystemFlag.FLAGGED, SystemFlag.SEEN), m.flags());
    assertEquals(List.of("$Label1", "NonJunk"), m.keywords());
    assertEquals(
        0, deliver(MESSAGE, "-g", "\\DELETED", "-g", "\\Answered", "-g", "\\Draft", "fred").exit());
    assertEquals(
        Set.of(SystemFlag.DELETED, SystemFlag.ANSWERED, SystemFlag.DRAFT),
        messages("user/fred/INBOX").get(1).flags());
  }

  @Test
  void refusesFlagsThatAreNotFlags() {
    Run unknown = deliver(MESSAGE, "-g", "\\Bogus", "fred");
    assertEquals(64, unknown.exit());
    assertTrue(unknown.err().startsWith("deliver: -g: unknown system flag \\Bogus"), unknown.err());
    Run space = deliver(MESSAGE, "-g", "two words", "fred");
    assertEquals(64, space.exit());
    assertTrue(space.err().startsWith("deliver: -g: not a valid IMAP keyword"), space.err());
    assertEquals(64, deliver(MESSAGE, "-g", "\\Recent", "fred").exit());
    assertFalse(Files.exists(root.resolve("journal")));
  }

  @Test
  void insertsAReturnPath() throws IOException {
    Run r = deliver(MESSAGE, "-r", "bounces@example.com", "joe");
    assertEquals(0, r.exit(), r.err());
    String stored = "Return-Path: <bounces@example.com>\r\n" + MESSAGE;
    assertArrayEquals(bytes(stored), body("user/joe/INBOX", 1));
    MessageRecord m = messages("user/joe/INBOX").get(0);
    assertEquals(sha256(bytes(stored)), m.digest());
    assertEquals(stored.indexOf("Noon?"), m.headerSize());
    assertEquals("<lunch.1@example.com>", m.messageId());

    String lf = "Subject: bare\n\nbody\n";
    assertEquals(0, deliver(lf, "-r", "", "joe").exit());
    assertArrayEquals(bytes("Return-Path: <>\n" + lf), body("user/joe/INBOX", 2));
    assertEquals(0, deliver(lf, "-r", "<a@b.example>", "joe").exit());
    assertArrayEquals(bytes("Return-Path: <a@b.example>\n" + lf), body("user/joe/INBOX", 3));
  }

  @Test
  void minusXIsAcceptedAndChangesNothing() throws IOException {
    Run unknown = deliver(MESSAGE, "-qcpx", "joe");
    assertEquals(67, unknown.exit()); // -p: joe does not exist yet
    assertEquals("deliver: no existing user matches 'joe'\n", unknown.err());
    given(new CreateMailbox("user/joe/INBOX", null));
    Run r = deliver(MESSAGE, "-qcpx", "joe");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err() + r.out());
    assertEquals(0, deliver(MESSAGE, "-x", "joe").exit());
    assertArrayEquals(bytes(MESSAGE), body("user/joe/INBOX", 1));
    assertArrayEquals(bytes(MESSAGE), body("user/joe/INBOX", 2));
  }

  // ---- quota ----

  @Test
  void anOverQuotaUserDoesNotGetItTheOthersDo() {
    given(
        new CreateMailbox("user/joe/INBOX", null),
        new CreateMailbox("user/ann/INBOX", null),
        new SetQuota("joe", 100, -1));
    Run r = deliver(MESSAGE, "joe", "ann");
    assertEquals(75, r.exit());
    assertTrue(r.err().startsWith("deliver: joe: over quota: joe uses 0 of 100 bytes"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertEquals(0, messages("user/joe/INBOX").size());
    assertEquals(1, messages("user/ann/INBOX").size());

    Run q = deliver(MESSAGE, "-q", "joe", "ann");
    assertEquals(0, q.exit(), q.err());
    assertEquals(1, messages("user/joe/INBOX").size());
    assertEquals(2, messages("user/ann/INBOX").size());
  }

  // ---- users ----

  @Test
  void aUserIdThatCannotBeOneGetsNothingTheOthersDo() {
    Run r = deliver(MESSAGE, "a/b", "joe", "*", "x\ty");
    assertEquals(67, r.exit());
    assertEquals(
        "deliver: a/b: not a valid user id: 'a/b'\n"
            + "deliver: *: not a valid user id: '*' (-p expands a pattern to existing users)\n"
            + "deliver: x\ty: not a valid user id: 'x?y'\n",
        r.err());
    assertEquals(1, messages("user/joe/INBOX").size());
  }

  @Test
  void theDirectoryStatusDecides() {
    given(
        new CreateUser("gone", null),
        new SetUserStatus("gone", "removed"),
        new CreateUser("held", null),
        new SetUserStatus("held", "hold"));
    Run r = deliver(MESSAGE, "held", "gone", "joe");
    assertEquals(75, r.exit());
    assertEquals(
        "deliver: held: the user's status is hold: mail is not delivered for now\n"
            + "deliver: gone: the user's status is removed\n",
        r.err());
    assertEquals(1, messages("user/joe/INBOX").size());
    assertTrue(mailbox("user/held/INBOX").isEmpty());
  }

  @Test
  void listingAUserTwiceDeliversOneCopy() {
    assertEquals(0, deliver(MESSAGE, "joe", "joe").exit());
    assertEquals(1, messages("user/joe/INBOX").size());
  }

  // ---- -t ----

  @Test
  void loadModeDeliversCopiesForAWhileAndPrintsTheRate() {
    Run r = deliver(MESSAGE, "-t", "1", "joe", "ann");
    assertEquals(0, r.exit(), r.err());
    Matcher m =
        Pattern.compile(
                "delivered (\\d+) copies to 2 mailboxes in (\\d+\\.\\d\\d) s: (\\d+\\.\\d) copies/s\n")
            .matcher(r.out());
    assertTrue(m.matches(), r.out());
    long copies = Long.parseLong(m.group(1));
    assertTrue(copies > 2, r.out());
    assertTrue(Double.parseDouble(m.group(2)) >= 1.0, r.out());
    assertEquals(copies, messages("user/joe/INBOX").size() + messages("user/ann/INBOX").size());
    try (Store s = Store.open(root)) {
      assertEquals(1, s.bodies("primary").stats().records());
    }
    assertEquals(64, deliver(MESSAGE, "-t", "0", "joe").exit());
    assertEquals(64, deliver(MESSAGE, "-t", "soon", "joe").exit());
  }

  // ---- refusals ----

  @Test
  void refusesInputThatIsNotAMessageAndStoresNothing() throws IOException {
    given(new CreateMailbox("user/joe/INBOX", null));
    long before = journalEnd();
    assertTrue(before != Journal.NO_INDEX);
    record Case(byte[] input, String why) {}
    byte[] noSeparator = new byte[MessageHead.LIMIT + 100];
    byte[] start = bytes("Subject: long\r\nX-Filler: ");
    java.util.Arrays.fill(noSeparator, (byte) 'x');
    System.arraycopy(start, 0, noSeparator, 0, start.length);
    for (Case c :
        List.of(
            new Case(new byte[0], "the input is empty"),
            new Case(
                bytes("hello, this is not mail\r\n\r\nbody\r\n"),
                "its first line is not a header field: 'hello, this is not mail'"),
            new Case(
                bytes("From joe@example.com Sat Nov 28 10:00:00 2026\nSubject: x\n\nbody\n"),
                "its first line is not a header field: 'From joe@example.com Sat Nov 28 10:00:00...' (an mbox 'From ' envelope line? pass the message without it)"),
            new Case(bytes("\r\nbody only\r\n"), "its first line is not a header field: ''"),
            new Case(
                bytes("Subject: x\r\nno blank line before this body\r\n"),
                "no blank line separates its header from its body"),
            new Case(noSeparator, "no blank line ends its header within the first 256 KiB"))) {
      Run r = deliver(c.input(), "joe", "ann");
      assertEquals(65, r.exit(), c.why());
      assertEquals("deliver: standard input is not a mail message: " + c.why() + "\n", r.err());
      assertEquals("", r.out());
    }
    assertEquals(before, journalEnd());
    assertTrue(mailbox("user/ann/INBOX").isEmpty());
    try (Store s = Store.open(root)) {
      assertEquals(0, s.bodies("primary").stats().records());
    }
  }

  @Test
  void usageErrorsExit64WithAUsageLine() {
    Run bad = deliver(MESSAGE, "-k", "joe");
    assertEquals(64, bad.exit());
    assertEquals("deliver: Unknown option: '-k'; try 'msgstore deliver --help'\n", bad.err());
    Run none = deliver(MESSAGE);
    assertEquals(64, none.exit());
    assertTrue(none.err().contains("Missing required parameter"), none.err());
    assertFalse(Files.exists(root.resolve("journal")));
  }

  @Test
  void helpShowsEveryOption() {
    Run r = Run.deliver(new byte[0], "-h");
    assertEquals(0, r.exit(), r.err());
    for (String o :
        List.of(
            "-r address",
            "-m folder",
            "-E encoding",
            "-g flag",
            "-q",
            "-c",
            "-p",
            "-x",
            "-t seconds",
            "--store DIR")) {
      assertTrue(r.out().contains(o), o + " in\n" + r.out());
    }
    assertTrue(r.out().replaceAll("\\s+", " ").contains("no external indexer"), r.out());
  }

  @Test
  void theResultTellsScriptsWhereEachCopyWent() {
    given(new CreateMailbox("user/ann/tasks", null), new SetQuota("bob", 1, -1));
    VerbRun r =
        VerbRun.run(
            new java.io.ByteArrayInputStream(bytes(MESSAGE)),
            verb -> {},
            "deliver",
            "--store",
            root.toString(),
            "-m",
            "tasks",
            "ann",
            "joe",
            "bob");
    assertEquals(75, r.exit());
    Delivery d = r.result(Delivery.class);
    List<String> seen = new ArrayList<>();
    for (Delivery.Recipient rec : d.recipients()) {
      seen.add(rec.user() + " " + rec.mailbox() + " " + rec.uid() + " " + rec.exitCode());
    }
    assertEquals(
        List.of("ann user/ann/tasks 1 0", "joe user/joe/INBOX 1 0", "bob user/bob/INBOX 0 75"),
        seen);
    assertEquals(75, d.exitCode());
    assertEquals(Optional.empty(), d.load());
    // What the result says is what the store holds.
    assertEquals(1, messages("user/ann/tasks").size());
    assertEquals(1, messages("user/joe/INBOX").size());
    assertEquals(List.of(), messages("user/bob/INBOX"));
    assertTrue(d.recipients().get(2).problem().contains("quota"), d.recipients().get(2).problem());
  }

  VerbRun deliverForAScript(String... args) {
    List<String> all = new ArrayList<>(List.of("deliver", "--store", root.toString()));
    all.addAll(List.of(args));
    return VerbRun.run(
        new java.io.ByteArrayInputStream(bytes(MESSAGE)), verb -> {}, all.toArray(String[]::new));
  }

  @Test
  void theResultOfAPatternNamesEveryUserItMatched() {
    given(
        new CreateMailbox("user/joe@example.com/INBOX", null),
        new CreateMailbox("user/tim@example.org/INBOX", null),
        new CreateUser("new@example.com", null));
    VerbRun r = deliverForAScript("-p", "*@example.com");
    assertEquals(0, r.exit(), r.err());
    Delivery d = r.result(Delivery.class);
    assertEquals(
        List.of("joe@example.com", "new@example.com"),
        d.recipients().stream().map(Delivery.Recipient::user).toList());
    for (Delivery.Recipient rec : d.recipients()) {
      assertTrue(rec.delivered(), rec.toString());
      List<MessageRecord> held = messages(rec.mailbox());
      assertEquals(1, held.size(), rec.mailbox());
      assertEquals(held.get(0).uid(), rec.uid());
      assertEquals(1, rec.copies());
    }
    assertEquals(List.of(), messages("user/tim@example.org/INBOX"));
  }

  @Test
  void theResultOfLoadModeCountsTheCopiesStored() {
    VerbRun r = deliverForAScript("-t", "0.5", "joe", "ann");
    assertEquals(0, r.exit(), r.err());
    Delivery d = r.result(Delivery.class);
    Delivery.Load load = d.load().orElseThrow();
    long stored = 0;
    for (Delivery.Recipient rec : d.recipients()) {
      List<MessageRecord> held = messages(rec.mailbox());
      assertEquals(held.size(), rec.copies(), rec.mailbox());
      assertEquals(held.get(held.size() - 1).uid(), rec.uid(), "the last copy's uid");
      stored += held.size();
    }
    assertEquals(stored, load.copies());
    assertTrue(load.seconds() >= 0.5, load.toString());
    assertEquals(load.line(2) + "\n", r.out());
  }

  /** How many times {@code needle} occurs in the files under {@code dir}, read in chunks. */
  static int occurrences(Path dir, byte[] needle) throws IOException {
    int count = 0;
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        byte[] buf = new byte[1 << 20];
        int keep = 0;
        int n;
        while ((n = in.read(buf, keep, buf.length - keep)) > 0) {
          int len = keep + n;
          for (int i = 0; i + needle.length <= len; i++) {
            if (java.util.Arrays.equals(buf, i, i + needle.length, needle, 0, needle.length)) {
              count++;
            }
          }
          keep = Math.min(needle.length - 1, len);
          System.arraycopy(buf, len - keep, buf, 0, keep);
        }
      }
    }
    return count;
  }

  /** A message of {@code size} bytes made up on the fly, never whole in heap, digested as read. */
  static final class GeneratedMessage extends InputStream {
    private final long size;
    private final MessageDigest sha;
    private final byte[] header = bytes("Subject: big\r\nMessage-ID: <big@example.com>\r\n\r\n");
    private long at;

    GeneratedMessage(long size, MessageDigest sha) {
      this.size = size;
      this.sha = sha;
    }

    private byte at(long i) {
      if (i < header.length) {
        return header[(int) i];
      }
      long j = i - header.length;
      return (j % 78 == 76)
          ? (byte) '\r'
          : (j % 78 == 77) ? (byte) '\n' : (byte) ('a' + (j * 7 + j / 78) % 26);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (at >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - at);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(at + i);
      }
      sha.update(b, off, n);
      at += n;
      return n;
    }
  }
}
