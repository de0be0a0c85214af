package dev.msgstore.commands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.journal.JournalCommand;
import dev.msgstore.store.Store;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher's own runs print listings without keeping them; a script's runs keep them. */
class KeptRowsTest {
  @TempDir Path root;

  @Test
  void theLaunchersContextCountsRowsWithoutKeepingThem() {
    KeptRows<String> dropped = new KeptRows<>(context(false, new StringWriter()));
    KeptRows<String> kept = new KeptRows<>(context(true, new StringWriter()));
    for (String s : new String[] {"a", "b", "c"}) {
      dropped.add(s);
      kept.add(s);
    }
    assertEquals(3, dropped.count());
    assertNull(dropped.rows());
    assertEquals(java.util.List.of("a", "b", "c"), kept.rows());
  }

  @Test
  void aJournalListingIsPrintedInFullEitherWayAndKeptOnlyForAScript() {
    Store.open(root).close();
    assertEquals(
        0,
        Main.run(
            context(true, new StringWriter()),
            "mboxutil",
            "--store",
            root.toString(),
            "-c",
            "user/joe/INBOX"));
    for (boolean keep : new boolean[] {false, true}) {
      StringWriter out = new StringWriter();
      CommandLine cl = Main.commandLine(context(keep, out));
      assertEquals(0, cl.execute("journal", "--store", root.toString()));
      JournalCommand journal = cl.getSubcommands().get("journal").getCommand();
      assertTrue(out.toString().contains("mailbox.created"), out.toString());
      if (keep) {
        assertEquals(1, journal.result().size());
      } else {
        assertNull(journal.result());
      }
    }
  }

  private static CliContext context(boolean keep, StringWriter out) {
    return new CliContext(
        new PrintWriter(out, true),
        new PrintWriter(new StringWriter()),
        InputStream.nullInputStream(),
        Map.of(),
        "tester",
        "KeptRowsTest",
        null,
        keep);
  }
}
