package dev.msgstore.commands.reconstruct;

import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/** The two passes {@code msgstore bench} measures, callable without the command line. */
public final class Reconstruct {
  private Reconstruct() {}

  /** {@code reconstruct -m}'s replay: rebuilds the live projections from the whole journal. */
  public static Figures rebuild(Store store) {
    return Replay.replay(store.projections(), store, new PrintWriter(Writer.nullWriter()));
  }

  /** {@code reconstruct -n -r}'s body check over every mailbox, on {@code threads} threads. */
  public static Figures verifyAll(Store store, int threads) throws IOException {
    List<MailboxRecord> all;
    try (ProjectionReader r = store.read()) {
      all = r.mailboxes("");
    }
    Author nobody = Author.of("bench", "reconstruct -n -r");
    return new MailboxCheck(store, threads, false, false, nobody)
        .run(all, new PrintWriter(Writer.nullWriter()))
        .figures();
  }
}
