package dev.msgstore.store;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Commit;
import dev.msgstore.journal.CommitMeta;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.Event;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.projections.Projections;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One dry run (a script run with {@code --dry-run}, or one verb): the commits it would have made.
 * Its reads and decisions see the store as if those commits had been written: they run in a
 * projection transaction of the calling thread that holds the journal's commits and then the dry
 * run's, and that is never committed. So a script that creates a user and then the user's folders
 * is checked as a whole, a verb's own checks included. Nothing reaches the journal or a body store.
 *
 * <p>The transaction is LMDB's one write transaction: other writers wait while a dry run reads or
 * decides, which it does briefly, and never while a script runs between verbs.
 */
public final class DryRun {
  private final Consumer<Outcome> report;
  private final List<Commit> wouldHaveWritten = new ArrayList<>();
  private final Map<Thread, Sandbox> open = new HashMap<>();

  /** {@code report} is told of every commit this dry run would have made, as it is decided. */
  public DryRun(Consumer<Outcome> report) {
    this.report = report;
  }

  /** How many commits this dry run would have made so far. */
  public synchronized int commitCount() {
    return wouldHaveWritten.size();
  }

  /** A read view with this dry run's commits applied. Close it. */
  ProjectionReader read(Projections projections, Journal journal) {
    Sandbox s = enter(projections, journal);
    return s.writer.view(() -> exit(s));
  }

  /** Decides {@code decide} against the view, and keeps its events as a commit it would make. */
  Outcome decide(
      Projections projections,
      Journal journal,
      Author author,
      long timeMicros,
      Function<ProjectionReader, List<? extends Event>> decide) {
    Sandbox s = enter(projections, journal);
    try {
      Outcome o;
      try (ProjectionReader view = s.writer.view()) {
        o = Outcome.dryRun(decide.apply(view));
      }
      if (o.events().isEmpty()) {
        return o; // the journal writes no commit for a command that changes nothing
      }
      Commit c = new Commit(-1, CommitMeta.of(timeMicros, author), o.events());
      s.writer.apply(c); // a read still open on this thread sees it too
      synchronized (this) {
        wouldHaveWritten.add(c);
      }
      report.accept(o);
      return o;
    } finally {
      exit(s);
    }
  }

  private Sandbox enter(Projections projections, Journal journal) {
    Thread t = Thread.currentThread();
    synchronized (this) {
      Sandbox s = open.get(t);
      if (s != null) {
        s.depth++;
        return s;
      }
    }
    ProjectionWriter w = projections.beginWrite();
    try {
      projections.catchUp(journal, w, Long.MAX_VALUE);
      synchronized (this) {
        for (Commit c : wouldHaveWritten) {
          w.apply(c);
        }
        Sandbox s = new Sandbox(w);
        open.put(t, s);
        return s;
      }
    } catch (RuntimeException | Error e) {
      w.close();
      throw e;
    }
  }

  private void exit(Sandbox s) {
    synchronized (this) {
      if (--s.depth > 0) {
        return;
      }
      open.remove(Thread.currentThread());
    }
    s.writer.close(); // never committed
  }

  /** The calling thread's uncommitted transaction, entered once per read or decision in it. */
  private static final class Sandbox {
    final ProjectionWriter writer;
    int depth = 1;

    Sandbox(ProjectionWriter writer) {
      this.writer = writer;
    }
  }
}
