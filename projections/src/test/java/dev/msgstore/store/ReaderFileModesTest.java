package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.command.CreateMailbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that only reads a store changes nothing in it, not even a mode: the walk over the whole
 * tree that brings modes in line with {@code store.fileaccess} is a writer's (or the maker of a
 * file's) to do, and it cost a short listing a fifth of its start. The next writer conforms them.
 */
class ReaderFileModesTest {
  static final Author ADMIN = Author.of("admin", "ReaderFileModesTest");

  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static void chmod(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }

  private static boolean sees(Store s, String mailbox) {
    try (ProjectionReader r = s.read()) {
      return r.mailbox(mailbox).isPresent();
    }
  }

  private Path storeWithJoe() {
    Path root = tmp.resolve("store");
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/INBOX", null));
    }
    return root;
  }

  @Test
  void aReaderLeavesEveryModeAsItFoundItAndTheNextWriterConformsThem() throws IOException {
    Path root = storeWithJoe();
    Path data = StoreLayout.projections(root).resolve("data.mdb");
    Path journal = StoreLayout.journal(root);
    assertEquals("rw-------", mode(data));
    // as an administrator's chmod, or a writer killed before its close, might leave them
    chmod(data, "rw-r-----");
    chmod(journal, "rwxr-x---");

    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/joe/INBOX"));
      assertFalse(s.journalOpened());
    }
    assertEquals("rw-r-----", mode(data));
    assertEquals("rwxr-x---", mode(journal));

    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new CreateMailbox("user/joe/Sent", null));
    }
    assertEquals("rw-------", mode(data));
    assertEquals("rwx------", mode(journal));
  }

  @Test
  void aReaderThatMakesAFileOfTheProjectionsGivesItTheStoresMode() throws IOException {
    Path probe = Files.createFile(tmp.resolve("probe"));
    assumeTrue(
        Files.getPosixFilePermissions(probe).contains(PosixFilePermission.OTHERS_READ),
        "the umask already keeps files private: run the test under umask 022");
    Path root = storeWithJoe();
    Path inUse = root.resolve("projections.inuse");
    Files.delete(inUse); // made again, by the next open, under the process's umask

    try (Store s = Store.open(root)) {
      assertTrue(sees(s, "user/joe/INBOX"));
      assertFalse(s.journalOpened());
    }
    assertEquals("rw-------", mode(inUse));
  }
}
