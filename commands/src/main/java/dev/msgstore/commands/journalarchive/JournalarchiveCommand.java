package dev.msgstore.commands.journalarchive;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.JournalArchive.Archived;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.config.EffectiveConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Moves journal cycles older than {@code store.journal.archiveafter} days into {@code
 * store.journal.archivedir}, gzip-compressed ({@link JournalArchive}). First it writes the
 * projection base (a compacted copy of the projections, covering every commit it moves), so that
 * the projections open, and rebuild, from the base and the live journal without the archive. {@code
 * msgstore journal --archive DIR} reads what it moved.
 */
@Command(
    name = "journalarchive",
    mixinStandardHelpOptions = true,
    description = {
      "Move journal cycles (one day of commits each) older than store.journal.archiveafter days"
          + " to store.journal.archivedir, gzip-compressed; msgstore journal --archive DIR reads"
          + " them."
    })
public final class JournalarchiveCommand implements Callable<Integer>, ResultVerb {
  public static final String AFTER = "store.journal.archiveafter";
  public static final String DIR = Store.JOURNAL_ARCHIVE_DIR;

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Archive cycles whose day ended N or more days ago (default: " + AFTER + ").")
  Integer days;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Where archived cycles go (default: " + DIR + ", else <store>/journal-archive).")
  String dir;

  private List<Archived> result;

  /** The cycles moved; null before the run or if it failed. */
  @Override
  public List<Archived> result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    CliContext ctx = root.context();
    PrintWriter out = ctx.out();
    if (days != null && days < 1) {
      throw VerbFailure.usage("--days must be 1 or more, not " + days);
    }
    Path storeRoot = store.resolve(ctx);
    try (Store s = ctx.openStore(storeRoot, StoreUse.REPAIRS)) {
      EffectiveConfig config = s.config();
      int window = days != null ? days : Integer.parseInt(config.value(AFTER).orElse("0"));
      if (window == 0) {
        out.println("journalarchive: " + AFTER + " is 0: every journal cycle stays in the journal");
        result = List.of();
        return 0;
      }
      Path target = dir != null ? Path.of(dir) : s.journalArchiveDir();
      long stamp;
      try (ProjectionReader r = s.read()) {
        stamp = r.stamp();
      }
      Journal journal = s.journal();
      String keepFrom = stamp == Journal.NO_INDEX ? null : journal.cycleFileName(stamp);
      List<Path> due =
          JournalArchive.due(StoreLayout.journal(storeRoot), window, Instant.now(), keepFrom);
      if (due.isEmpty()) {
        out.println("journalarchive: no journal cycle older than " + window + " days");
        result = List.of();
        return 0;
      }
      // the base covers at least the stamp read above, so every cycle before keepFrom; the audit
      // index in it too, so that neither ever needs an archived cycle
      s.projections().catchUpAudit(journal);
      s.projections().writeBase(target);
      result = JournalArchive.archive(due, target);
      for (Archived a : result) {
        out.printf(
            "journalarchive: %s (%,d bytes) archived as %s (%,d bytes)%n",
            a.cycle(), a.bytes(), a.archivedAs(), a.compressedBytes());
      }
    }
    out.flush();
    return 0;
  }
}
