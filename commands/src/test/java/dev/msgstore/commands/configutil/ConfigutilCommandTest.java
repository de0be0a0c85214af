package dev.msgstore.commands.configutil;

import static dev.msgstore.commands.configutil.ConfigutilFixture.raw;
import static dev.msgstore.commands.configutil.ConfigutilFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.configutil.ConfigutilFixture.Run;
import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.config.ConfigFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigutilCommandTest {
  @TempDir Path root;

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  String msgConf() throws IOException {
    return Files.readString(ConfigFiles.overrides(root));
  }

  @Test
  void setGetDeleteAndTheFilesUnderConfig() throws IOException {
    assertEquals(new Run(0, "", ""), run(root, "-o", "store.cleanupage", "-v", "48"));
    assertEquals(new Run(0, "48\n", ""), run(root, "-o", "store.cleanupage"));
    assertEquals(new Run(0, "1\n", ""), run(root, "-o", "store.cleanupsize"));
    assertTrue(msgConf().contains("\nstore.cleanupage = 48\n"), msgConf());
    String defaults = Files.readString(ConfigFiles.defaults(root));
    assertTrue(defaults.contains("\nstore.cleanupsize = 1\n"), defaults);
    assertTrue(defaults.contains("# store.partition.*.path has no default\n"), defaults);

    assertEquals(new Run(0, "", ""), run(root, "-o", "store.cleanupage", "-d"));
    assertEquals(new Run(0, "0\n", ""), run(root, "-o", "store.cleanupage"));
    assertFalse(msgConf().contains("store.cleanupage"), msgConf());

    run(root, "-o", "store.cleanupage", "-v", "5");
    assertEquals(new Run(0, "", ""), run(root, "-o", "store.cleanupage", "-v", ""));
    assertEquals(new Run(0, "0\n", ""), run(root, "-o", "store.cleanupage"));
  }

  @Test
  void aTamperedGeneratedFileIsRegenerated() throws IOException {
    run(root, "-o", "store.cleanupage", "-v", "48");
    Files.writeString(ConfigFiles.defaults(root), "edited\n");
    Files.writeString(ConfigFiles.overrides(root), "edited\n");
    run(root);
    assertTrue(msgConf().contains("store.cleanupage = 48"));
    assertTrue(Files.readString(ConfigFiles.defaults(root)).contains("store.cleanupsize = 1"));
  }

  @Test
  void theJournalIsTheHistory() {
    run(root, "-o", "store.cleanupage", "-v", "48");
    run(root, "-o", "store.cleanupage", "-v", "72");
    run(root, "-o", "store.cleanupage", "-d");
    Run j = raw("journal", "--store", root.toString(), "--type", "config");
    assertEquals(0, j.exit(), j.err());
    List<String> lines = j.out().lines().toList();
    assertEquals(3, lines.size(), j.out());
    assertTrue(lines.get(0).contains("tester@"), lines.get(0));
    assertTrue(lines.get(0).contains("\"msgstore configutil --store"), lines.get(0));
    assertTrue(lines.get(0).contains("config.option-set"), lines.get(0));
    assertTrue(lines.get(1).contains("48") && lines.get(1).contains("72"), lines.get(1));
    assertTrue(lines.get(2).contains("config.option-deleted"), lines.get(2));
    assertTrue(lines.get(2).contains("72"), lines.get(2));
  }

  @Test
  void aChangeThatNeedsARestartSaysSo() {
    Run r = run(root, "-o", "store.partition.two.path", "-v", "/srv/two");
    assertEquals(0, r.exit());
    assertEquals(
        "configutil: restart the message store services for store.partition.two.path to take"
            + " effect\n",
        r.err());
    // unchanged: nothing to restart for
    assertEquals("", run(root, "-o", "store.partition.two.path", "-v", "/srv/two").err());
    try (Store s = Store.open(root)) {
      assertEquals(Path.of("/srv/two"), s.partitions().path("two"));
    }
  }

  void assertRefused(int exit, String err, String... args) {
    long before = lastIndex();
    Run r = run(root, args);
    assertEquals(new Run(exit, "", err + "\n"), r);
    assertEquals(before, lastIndex());
    assertEquals("store.cleanupage = 24", msgConfLine());
  }

  String msgConfLine() {
    try {
      return msgConf().lines().filter(l -> !l.startsWith("#")).findFirst().orElse("");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void badInputChangesNothing() {
    run(root, "-o", "store.cleanupage", "-v", "24");
    assertRefused(
        64,
        "configutil: unknown option store.cleanupag; did you mean store.cleanupage,"
            + " store.cleanupsize?",
        "-o",
        "store.cleanupag",
        "-v",
        "3");
    assertRefused(
        64,
        "configutil: unknown option service.imap.prot; did you mean service.imap.port,"
            + " service.lmtp.port, service.http.port?",
        "-o",
        "service.imap.prot");
    assertRefused(
        65,
        "configutil: store.cleanupage takes a uint: not an unsigned integer: 'abc'",
        "-o",
        "store.cleanupage",
        "-v",
        "abc");
    assertRefused(
        65,
        "configutil: store.partition.two.path takes a filepath: not an absolute path: 'data/two'",
        "-o",
        "store.partition.two.path",
        "-v",
        "data/two");
    assertRefused(
        64,
        "configutil: store.cleanupage does not take language variants",
        "-o",
        "store.cleanupage;lang-jp",
        "-v",
        "3");
    assertRefused(64, "configutil: -v needs -o option", "-v", "3");
    assertRefused(
        64, "configutil: -v and -d cannot be combined", "-o", "store.cleanupage", "-d", "-v", "1");
  }

  @Test
  void validateReportsEachInvalidValue() {
    try (Store s = Store.open(root)) {
      // values that bypassed configutil (a script, an older catalog)
      Author a = new Author("script", "test", "host", 1);
      s.execute(a, new SetConfig("store.cleanupage", "soon"));
      s.execute(a, new SetConfig("store.partition.x.path", "relative"));
      s.execute(a, new SetConfig("store.gone", "1"));
    }
    Run r = run(root, "-V");
    assertEquals(65, r.exit());
    assertEquals(
        """
        store.cleanupage = soon: store.cleanupage takes a uint: not an unsigned integer: 'soon'
        store.gone = 1: unknown option store.gone; did you mean store.admins, store.cleanupage, \
        store.directory?
        store.partition.x.path = relative: store.partition.x.path takes a filepath: not an \
        absolute path: 'relative'
        """,
        r.out());
    assertEquals("configutil: 3 options are invalid\n", r.err());
    // an option the catalog no longer has can still be read and deleted
    assertEquals(new Run(0, "1\n", ""), run(root, "-o", "store.gone"));
    assertEquals(0, run(root, "-o", "store.gone", "-d").exit());
    assertEquals(0, run(root, "-o", "store.cleanupage", "-v", "1").exit());
    assertEquals(0, run(root, "-o", "store.partition.x.path", "-d").exit());
    assertEquals(new Run(0, "", ""), run(root, "-V"));
  }
}
