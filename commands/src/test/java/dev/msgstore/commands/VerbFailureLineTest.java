package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verb's own failure names the verb once: the launcher adds the {@code verb: } prefix, so a
 * message that carries it too would print it twice.
 */
class VerbFailureLineTest {
  @TempDir Path root;

  @Test
  void eachVerbsOwnFailuresNameTheVerbOnce() {
    try (Store s = Store.open(root)) {
      s.execute(
          new Author("admin", "test setup", "mailhost", 1),
          new CreateMailbox("user/ann/INBOX", null));
    }
    String store = root.toString();
    List<List<String>> bad =
        List.of(
            List.of("journal", "--store", store, "--type", "no-such-area"),
            List.of("bench", "--events", "0"),
            List.of("imcheck", "--store", store),
            List.of("imcheck", "--store", store, "-p", "primary", "-c", "1"),
            List.of("configutil", "--store", store, "-v", "x"),
            List.of("deliver", "--store", store, "-t", "0", "ann"),
            List.of("mboxutil", "--store", store, "-l", "-p", "*", "-P", "*"),
            List.of("hashdir"),
            List.of("readership", "--store", store, "-d", "0"),
            List.of("reconstruct", "--store", store, "-f", "-n"),
            List.of("reconstruct", "--store", store, "-m", "-q"),
            List.of("reconstruct", "--store", store, "-u", "ann"),
            List.of("reconstruct", "--store", store, "-a", "-t", "65"),
            List.of("reconstruct", "--store", store, "-t", "2"),
            List.of("reconstruct", "--store", store, "-s", "-p", "primary"),
            List.of("reconstruct", "--store", store, "-q", "user/ann/INBOX"),
            List.of("reconstruct", "--store", store, "-p", "nowhere"),
            List.of("reconstruct", "--store", store, "-E", "no-such-charset", "user/ann/INBOX"));
    List<String> doubled = new ArrayList<>();
    for (List<String> args : bad) {
      StringWriter err = new StringWriter();
      CliContext ctx =
          new CliContext(
              new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(), "tester", args);
      int exit = Main.run(ctx, args.toArray(String[]::new));
      String verb = args.get(0);
      String line = err.toString();
      assertTrue(exit == 64 || exit == 66, args + ": " + exit + " " + line);
      assertTrue(line.startsWith(verb + ": "), args + ": " + line);
      if (line.startsWith(verb + ": " + verb)) {
        doubled.add(line.strip());
      }
    }
    assertEquals(List.of(), doubled);
    assertFalse(bad.isEmpty());
  }
}
