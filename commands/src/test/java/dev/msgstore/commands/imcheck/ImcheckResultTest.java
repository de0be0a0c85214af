package dev.msgstore.commands.imcheck;

import static dev.msgstore.commands.imcheck.ImcheckFixture.JA_FOLDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each mode of {@code imcheck} leaves as its result, against what the store holds. */
class ImcheckResultTest {
  static final String INBOX = ImcheckFixture.INBOX;

  @TempDir Path root;
  @TempDir Path work;

  /** The jauser store plus an INBOX of three messages with keywords; uid 2 expunged. */
  @BeforeEach
  void store() throws IOException {
    ImcheckFixture.jauserWithInbox(root);
  }

  VerbRun imcheck(String... args) {
    return VerbRun.ok("imcheck", root, args);
  }

  <T> T read(Function<ProjectionReader, T> question) {
    return VerbRun.read(root, question);
  }

  MailboxRecord mailbox(String name) {
    return read(r -> r.mailbox(name).orElseThrow());
  }

  List<MessageRecord> messages(String name) {
    return read(r -> r.messages(r.mailbox(name).orElseThrow().id()));
  }

  @Test
  void aMailboxReportIsTheBlockAndTheTable() {
    MailboxInfo i = imcheck("-m", INBOX).result(MailboxInfo.class);
    MailboxRecord m = mailbox(INBOX);
    assertEquals(INBOX, i.name());
    assertEquals(m.messages(), i.exists());
    assertEquals(2, i.exists());
    assertEquals(m.uidNext() - 1, i.lastUid());
    assertEquals(m.bytes(), i.quotaUsedBytes());
    assertEquals(m.uidValidity(), i.uidValidity());
    assertEquals(m.lastAppend(), i.lastAppendMillis());
    assertEquals(m.partition(), i.partition());
    assertEquals(300, i.largestBytes());
    assertEquals(1, i.oldestUid());
    assertEquals(List.of("f1", "f2", "f3"), i.userFlags());
    assertEquals(read(r -> r.acl(m.id())), i.acl());
    List<MessageRecord> held = messages(INBOX);
    assertEquals(held, i.messages().stream().map(MessageRow::message).toList());
    assertEquals(List.of(1L, 2L), i.messages().stream().map(MessageRow::msgNo).toList());
    assertNull(i.expunged());

    MailboxInfo ja = imcheck("-m", JA_FOLDER).result(MailboxInfo.class);
    assertTrue(ja.subscribed());
    assertEquals("jauser", ja.acl().get(0).identifier());
  }

  @Test
  void headerOnlyHasNoTableAndExpungedHasTheLedger() {
    MailboxInfo h = imcheck("-H", "-m", INBOX).result(MailboxInfo.class);
    assertNull(h.messages());
    assertNull(h.expunged());
    MailboxInfo e = imcheck("-e", "-m", INBOX).result(MailboxInfo.class);
    assertNull(e.messages());
    assertEquals(read(r -> r.expunged(mailbox(INBOX).id())), e.expunged());
    assertEquals(List.of(2L), e.expunged().stream().map(x -> x.message().uid()).toList());
  }

  @Test
  void aDirectoryPartitionOrFileReportsTheirMailboxes() throws IOException {
    MailboxInfo byName = imcheck("-m", INBOX).result(MailboxInfo.class);
    assertEquals(byName, imcheck("-x", byName.path()).result(MailboxInfo.class));
    List<MailboxInfo> onPrimary = imcheck("-H", "-p", "primary").list(MailboxInfo.class);
    assertEquals(
        read(r -> r.mailboxes("")).stream()
            .filter(m -> m.partition().equals("primary"))
            .map(MailboxRecord::name)
            .toList(),
        onPrimary.stream().map(MailboxInfo::name).toList());
    Path file = Files.writeString(work.resolve("list"), INBOX + "\n" + JA_FOLDER + "\n");
    assertEquals(
        List.of(INBOX, JA_FOLDER),
        imcheck("-f", file.toString()).list(MailboxInfo.class).stream()
            .map(MailboxInfo::name)
            .toList());
  }

  @Test
  void aDumpIsEveryMessageOfEveryMailbox() {
    List<MessageRow> rows = imcheck("-D", "-p", "primary").list(MessageRow.class);
    List<MessageRow> expected = new ArrayList<>();
    for (String name : List.of(JA_FOLDER, INBOX)) {
      List<MessageRecord> held = messages(name);
      for (int i = 0; i < held.size(); i++) {
        expected.add(new MessageRow(name, i + 1, held.get(i)));
      }
    }
    assertEquals(expected, rows);
  }

  @Test
  void cacheAndBodyAreOneMessage() throws IOException {
    CachedMessage c = imcheck("-m", INBOX, "-c", "2").result(CachedMessage.class);
    assertEquals(new CachedMessage(INBOX, 2, messages(INBOX).get(1), "primary", true), c);
    assertEquals(3, c.message().uid());
    VerbRun b = imcheck("-m", JA_FOLDER, "-b", "1");
    MessageBody body = b.result(MessageBody.class);
    try (InputStream in = ImcheckFixture.message(549, 898)) {
      assertEquals(new String(in.readAllBytes(), StandardCharsets.US_ASCII), b.out());
    }
    assertEquals(898, body.written());
    assertEquals(messages(JA_FOLDER).get(0), body.message());
  }

  @Test
  void aTableIsItsEntries() {
    List<TableEntry> acl = imcheck("-d", "acl.by-mailbox").list(TableEntry.class);
    assertEquals(
        List.of(new TableEntry("acl.by-mailbox", List.of(JA_FOLDER, "jauser", "lrswipkxate"))),
        acl);
    List<TableEntry> msgs = imcheck("-d", "message").list(TableEntry.class);
    assertEquals(3, msgs.size());
    assertEquals(messages(INBOX).get(1).digest().hex(), msgs.get(2).fields().get(7));
    VerbRun meta = imcheck("-d", "meta", "-S", "|");
    List<TableEntry> hex = meta.list(TableEntry.class);
    assertTrue(!hex.isEmpty());
    for (int i = 0; i < hex.size(); i++) {
      List<Object> kv = hex.get(i).fields();
      assertEquals(2, kv.size());
      assertEquals(kv.get(0) + "|" + kv.get(1), meta.out().lines().toList().get(i));
    }
  }

  @Test
  void statisticsAreTheFiguresBySubsystem() {
    Map<?, ?> all = imcheck("-s").result(Map.class);
    assertEquals(List.of("journal", "projections", "bodies"), List.copyOf(all.keySet()));
    Map<?, ?> journal = imcheck("-s", "-n", "journal").result(Map.class);
    assertEquals(List.of("journal"), List.copyOf(journal.keySet()));
    Map<?, ?> figures = (Map<?, ?>) journal.get("journal");
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      assertEquals(j.stats().commits(), figures.get("commits"));
      assertEquals(j.lastIndex(), figures.get("last index"));
    }
    assertEquals(3L, ((Map<?, ?>) all.get("projections")).get("message entries"));
  }

  @Test
  void theQueueIsThePendingPurges() {
    List<PendingPurge> pending = imcheck("-q").list(PendingPurge.class);
    long expungedAt =
        read(r -> r.expunged(r.mailbox(INBOX).orElseThrow().id())).get(0).expungedMicros();
    assertEquals(List.of(new PendingPurge(INBOX, 1, 300, expungedAt)), pending);
  }
}
