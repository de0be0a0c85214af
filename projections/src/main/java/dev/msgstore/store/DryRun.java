package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One dry run (a script run with {@code --dry-run}, or one verb): the commits it would have made.
 * Each of its commands is decided as if the earlier ones had been written, in a projection
 * transaction that is then thrown away, so a script that creates a user and then the user's folders
 * is checked as a whole. Nothing reaches the journal or a body store.
 */
public final class DryRun {
  private final Consumer<Outcome> report;
  private final List<Commit> wouldHaveWritten = new ArrayList<>();

  /** {@code report} is told of every commit this dry run would have made, as it is decided. */
  public DryRun(Consumer<Outcome> report) {
    this.report = report;
  }

  synchronized List<Commit> commits() {
    return List.copyOf(wouldHaveWritten);
  }

  void decided(Author author, Outcome outcome, long timeMicros) {
    synchronized (this) {
      wouldHaveWritten.add(
          new Commit(
              -1,
              new CommitMeta(
                  timeMicros, author.actor(), author.origin(), author.host(), author.pid()),
              outcome.events()));
    }
    report.accept(outcome);
  }

  /** How many commits this dry run would have made so far. */
  public synchronized int commitCount() {
    return wouldHaveWritten.size();
  }
}
