package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.body.BodyCheck;
import dev.msgstore.journal.body.NoSuchBodyException;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.crash.TornCommitWriterLauncher;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damage an administrator may find: a torn journal tail, a missing body, a body whose bytes no
 * longer match its digest, a deleted projection store. Each gives one clear message, and nothing
 * acknowledged is lost.
 */
class BadInputTest {
  static final Author ADMIN = Author.of("admin", "BadInputTest");

  @TempDir Path root;
  List<Long> uids;

  @BeforeEach
  void someMail() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
      uids =
          List.of(
              StoreTest.append(s, "user/joe/INBOX", "a@x"),
              StoreTest.append(s, "user/joe/INBOX", "b@x"),
              StoreTest.append(s, "user/joe/INBOX", "c@x"));
    }
  }

  @Test
  void aTornJournalTailIsIgnoredAndWrittenPast() throws Exception {
    TornCommitWriterLauncher.tearTheTail(StoreLayout.journal(root));
    try (Store s = Store.open(root)) {
      try (ProjectionReader r = s.read()) {
        assertEquals(3, r.mailbox("user/joe/INBOX").orElseThrow().messages());
      }
      long d = StoreTest.append(s, "user/joe/INBOX", "d@x");
      assertEquals(4, d, "the next commit goes after the torn one");
    }
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      assertEquals(4, r.mailbox("user/joe/INBOX").orElseThrow().messages());
    }
  }

  @Test
  void aMissingBodyIsNamedAndTheIndexKeepsTheMessage() throws IOException {
    deleteSegments();
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MessageRecord m = first(r);
      NoSuchBodyException e =
          assertThrows(NoSuchBodyException.class, () -> s.openBody("primary", m.digest()).close());
      assertTrue(e.getMessage().contains(m.digest().hex()), e.getMessage());
      assertEquals(BodyCheck.MISSING, s.bodies("primary").verify(m.digest()));
      assertEquals(3, r.mailbox("user/joe/INBOX").orElseThrow().messages());
    }
  }

  @Test
  void aBodyWhoseBytesChangedFailsItsDigestCheck() throws IOException {
    Path segment = segments().get(0);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      long last = f.length() - 1; // segments may be preallocated: skip the zeros after the end
      while (last > 0) {
        f.seek(last);
        if (f.read() != 0) {
          break;
        }
        last--;
      }
      long at = last - 10; // before the 4-byte trailer, inside the last body's payload
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5a);
    }
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord box = r.mailbox("user/joe/INBOX").orElseThrow();
      List<MessageRecord> all = r.messages(box.id());
      assertEquals(BodyCheck.OK, s.bodies("primary").verify(all.get(0).digest()));
      assertEquals(BodyCheck.CORRUPT, s.bodies("primary").verify(all.get(2).digest()));
    }
  }

  @Test
  void deletedProjectionsAreRebuiltFromTheJournalAndSaySo() throws IOException {
    String before;
    try (Store s = Store.open(root)) {
      before = dump(s);
    }
    FileTrees.delete(StoreLayout.projections(root));
    try (Store s = Store.open(root)) {
      assertEquals("the projections were missing or empty", s.rebuiltBecause().orElseThrow());
      assertEquals(before, dump(s));
      try (InputStream in = s.openBody("primary", first(s.read()).digest())) {
        assertTrue(in.readAllBytes().length > 0);
      }
    }
  }

  @Test
  void garbageInThePlaceOfTheProjectionStoreIsReplaced() throws IOException {
    Path data = StoreLayout.projections(root).resolve("data.mdb");
    Files.write(data, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      assertTrue(
          s.rebuiltBecause().orElseThrow().startsWith("the projection store could not be opened"),
          s.rebuiltBecause().orElseThrow());
      assertEquals(3, r.mailbox("user/joe/INBOX").orElseThrow().messages());
    }
  }

  private static MessageRecord first(ProjectionReader r) {
    return r.messages(r.mailbox("user/joe/INBOX").orElseThrow().id()).get(0);
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("partition/primary/bodies"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".body")).sorted().toList();
    }
  }

  private void deleteSegments() throws IOException {
    for (Path p : segments()) {
      Files.delete(p);
    }
  }

  private static String dump(Store s) throws IOException {
    StringWriter w = new StringWriter();
    s.refresh();
    s.projections().dump(w);
    return w.toString();
  }
}
