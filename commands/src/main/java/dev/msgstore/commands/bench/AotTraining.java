package dev.msgstore.commands.bench;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run the launcher records its AOT cache from: the brief verbs an MTA and an administrator run,
 * in one JVM, on a scratch store, so that the cache holds the classes and profiles of their real
 * work (a store opened, a message delivered, mailboxes listed). The launcher runs it in the
 * background, its output discarded, since the JVM reports the recording on standard output.
 */
final class AotTraining {
  private AotTraining() {}

  /**
   * Runs each verb once; returns the command lines that did not exit 0 (none, when all is well).
   */
  static List<String> run() throws IOException {
    Path root = Files.createTempDirectory("msgstore-aot-training");
    try {
      String store = root.toString();
      List<String> failed = new ArrayList<>();
      byte[] message = BodySizes.message(5120, "joe", 1);
      String[][] lines = {
        {"--version"},
        {"--help"},
        {"deliver", "--store", store, "joe"}, // makes the store and joe's INBOX
        {"mboxutil", "--store", store, "-c", "user/joe/Sent"},
        {"deliver", "--store", store, "-m", "Sent", "joe"},
        {"mboxutil", "-l", "--store", store},
        {"mboxutil", "-l", "-p", "user/joe/*", "--store", store},
        {"imcheck", "-m", "user/joe/INBOX", "--store", store},
        {"configutil", "--store", store},
        {"hashdir", "joe"},
        {"journal", "--store", store},
        {"readership", "-d", "30", "--store", store},
        // a filtered journal: the first catches the audit index up in the store, the second
        // answers from the index alone, as a fresh process's query does
        {"journal", "--user", "joe", "--store", store},
        {"journal", "--user", "joe", "--store", store}
      };
      for (String[] line : lines) {
        InputStream in =
            line[0].equals("deliver")
                ? new ByteArrayInputStream(message)
                : InputStream.nullInputStream();
        StringWriter err = new StringWriter();
        CliContext ctx =
            new CliContext(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                in,
                Map.of(),
                "aot-training",
                "msgstore " + String.join(" ", line),
                null,
                false);
        if (Main.run(ctx, line) != 0) {
          failed.add(String.join(" ", line) + ": " + err.toString().strip());
        }
      }
      return failed;
    } finally {
      FileTrees.delete(root);
    }
  }
}
