package dev.msgstore.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoriesTest {
  @TempDir Path root;

  @Test
  void theEmbeddedDirectoryIsTheDefault() {
    try (Store s = Store.open(root);
        Directory d = Directories.open(s)) {
      assertEquals("embedded", Directories.kind(s.config()));
      assertTrue(Directories.embedded(s.config()));
      assertInstanceOf(EmbeddedDirectory.class, d);
      assertEquals("embedded", d.describe());
      assertTrue(d.writable());
      assertEquals(
          dev.msgstore.journal.Journal.NO_INDEX, s.journal().lastIndex(), "nothing written");
    }
  }
}
