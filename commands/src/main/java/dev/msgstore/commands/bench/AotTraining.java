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
 * The runs the launcher records its AOT caches from: the brief verbs an MTA and an administrator
 * run, in one JVM, on a scratch store, so that the cache holds the classes and profiles of their
 * real work (a store opened, a message delivered, mailboxes listed); and, for the verbs that replay
 * the journal, a replay ({@link #runReplay}). The launcher runs them in the background, their
 * output discarded, since the JVM reports the recording on standard output.
 */
final class AotTraining {
  /** Events the replay training appends: a few seconds' work, as many as a replay compiles for. */
  private static final long REPLAY_EVENTS = 200_000;

  private static final String STORE = "{store}";

  private static final String[][] BRIEF = {
    {"--version"},
    {"--help"},
    {"deliver", "--store", STORE, "joe"}, // makes the store and joe's INBOX
    {"mboxutil", "--store", STORE, "-c", "user/joe/Sent"},
    {"deliver", "--store", STORE, "-m", "Sent", "joe"},
    {"mboxutil", "-l", "--store", STORE},
    {"mboxutil", "-l", "-p", "user/joe/*", "--store", STORE},
    {"imcheck", "-m", "user/joe/INBOX", "--store", STORE},
    {"configutil", "--store", STORE},
    {"hashdir", "joe"},
    {"journal", "--store", STORE},
    {"readership", "-d", "30", "--store", STORE},
    // a filtered journal: the first catches the audit index up in the store, the second
    // answers from the index alone, as a fresh process's query does
    {"journal", "--user", "joe", "--store", STORE},
    {"journal", "--user", "joe", "--store", STORE}
  };

  private static final String[][] REBUILD = {
    {"deliver", "--store", STORE, "joe"},
    {"deliver", "--store", STORE, "ann"},
    {"mboxutil", "--store", STORE, "-c", "user/joe/Archive"},
    {"deliver", "--store", STORE, "-m", "Archive", "joe"},
    {"reconstruct", "-m", "--store", STORE}
  };

  private AotTraining() {}

  /**
   * Runs each brief verb once; returns the command lines that did not exit 0 (none, when all is
   * well).
   */
  static List<String> run() throws IOException {
    return runVerbs(BRIEF);
  }

  /**
   * The recording run of the verbs that replay the journal into empty projections (a rebuild, the
   * daemon's first open of a new cache, the bench): a journal of appends, as a delivery-heavy
   * store's is, replayed twice, and a store made by verbs rebuilt by {@code reconstruct -m}. In a
   * fresh JVM such a replay spends more CPU on compiling its code than on running it; with the
   * profiles recorded here the compiler starts at once, from what a replay is known to do.
   */
  static List<String> runReplay() throws IOException {
    Path root = Files.createTempDirectory("msgstore-aot-training");
    try {
      Path journal = root.resolve("journal");
      JournalBench.appendBatches(journal, 100, REPLAY_EVENTS, 100);
      JournalBench.replay(journal, root.resolve("projections-1"));
      JournalBench.replay(journal, root.resolve("projections-2"));
    } finally {
      FileTrees.delete(root);
    }
    List<String> failed = new ArrayList<>(runVerbs(BRIEF));
    failed.addAll(runVerbs(REBUILD));
    return failed;
  }

  /** Runs each command line on a scratch store of its own; returns those that failed. */
  private static List<String> runVerbs(String[][] lines) throws IOException {
    Path root = Files.createTempDirectory("msgstore-aot-training");
    try {
      String store = root.toString();
      List<String> failed = new ArrayList<>();
      byte[] message = BodySizes.message(5120, "joe", 1);
      for (String[] template : lines) {
        String[] line = new String[template.length];
        for (int i = 0; i < line.length; i++) {
          line[i] = template[i].equals(STORE) ? store : template[i];
        }
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
