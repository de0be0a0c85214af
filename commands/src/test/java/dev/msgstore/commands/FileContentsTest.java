package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Journal;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verb told to read a file that is not what it expects ({@code imcheck -f /etc/shadow}) says so
 * in one line naming the file (and the line), never quoting what the file holds: the verb may run
 * as root on a file its user cannot read. Every verb option that reads a named file is here.
 */
class FileContentsTest {
  /** What must never appear in an error: every piece of the files below. */
  static final List<String> SECRETS =
      List.of("root", "SECRETHASH", "daemon", "19000", "hunter2", "PASSWORD", "sekrit", "99999");

  @TempDir Path dir;
  Path store;
  Path shadow;
  Path env;

  @BeforeEach
  void files() throws IOException {
    store = dir.resolve("store");
    assertEquals(
        0, Cli.run("mboxutil", "--store", store.toString(), "-c", "user/joe/INBOX").exit());
    shadow =
        Files.writeString(
            dir.resolve("shadow"),
            "root:$6$SECRETHASH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
    env = Files.writeString(dir.resolve("env"), "PASSWORD = hunter2\nstore.cleanupage = sekrit\n");
  }

  @Test
  void noErrorQuotesTheFile() {
    long before = journalEnd();
    for (List<String> args :
        List.of(
            List.of("imcheck", "-f", shadow.toString()),
            List.of("mboxutil", "-d", "-f", shadow.toString()),
            List.of("mboxutil", "-c", "-f", shadow.toString()),
            List.of("mboxutil", "-r", "-f", shadow.toString()),
            List.of("mboxutil", "-S", "-f", shadow.toString()),
            List.of("mboxutil", "-S", "-u", "-f", env.toString()),
            List.of("configutil", "-f", shadow.toString()),
            List.of("configutil", "-f", shadow.toString(), "-o", "store.cleanupage"),
            List.of("configutil", "-i", shadow.toString()),
            List.of("configutil", "-i", env.toString()))) {
      List<String> all =
          new java.util.ArrayList<>(List.of(args.get(0), "--store", store.toString()));
      all.addAll(args.subList(1, args.size()));
      Cli r = Cli.run(all.toArray(String[]::new));
      assertNotEquals(0, r.exit(), args + ": " + r.err());
      assertEquals("", r.out(), args.toString());
      assertEquals(1, r.err().lines().count(), args + ": " + r.err());
      String file = args.contains(shadow.toString()) ? shadow.toString() : env.toString();
      assertTrue(r.err().contains(file), args + " names the file: " + r.err());
      String said = r.err().replace(dir.toString(), "DIR");
      for (String secret : SECRETS) {
        assertFalse(said.contains(secret), args + " quotes '" + secret + "': " + r.err());
      }
    }
    assertEquals(before, journalEnd(), "nothing written");
  }

  @Test
  void theLineIsNamedByItsNumber() {
    Cli r = Cli.run("imcheck", "--store", store.toString(), "-f", shadow.toString());
    assertEquals(66, r.exit());
    assertEquals("imcheck: " + shadow + ", line 1: no such mailbox\n", r.err());
    Cli c = Cli.run("configutil", "--store", store.toString(), "-i", env.toString());
    assertEquals(65, c.exit());
    assertTrue(
        c.err().startsWith("configutil: " + env + ": unknown option [" + env + ", line 1]"),
        c.err());
  }

  long journalEnd() {
    try (Journal j = Journal.open(StoreLayout.journal(store))) {
      return j.lastIndex();
    }
  }
}
