package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code reconstruct -c projections}: LMDB never gives freed pages back to the file system, so a
 * cache that once held much more keeps its size. A compacting copy leaves the free pages out; it
 * replaces the cache only while no process has the store open, since an open LMDB environment
 * cannot be swapped under its readers. A dry run makes no copy: it says what it would do.
 */
final class Compaction {
  static final String DATABASE = "projections";

  private Compaction() {}

  static Compacted run(Path root, List<String> names, CliContext ctx) throws IOException {
    if (names.size() != 1 || !names.get(0).equals(DATABASE)) {
      throw VerbFailure.usage(
          "-c takes one db_file_name: '" + DATABASE + "' (the only database this store keeps)");
    }
    Path dir = StoreLayout.projections(root);
    PrintWriter out = ctx.out();
    long before = size(dir);
    if (ctx.isDryRun()) {
      // The compacted size is known only from a copy, as big as the cache: none is made.
      ctx.wouldHave(
          "replace "
              + dir
              + " ("
              + before
              + " bytes) with a compacted copy, if no other process has the store open");
      out.printf("reconstruct -c: %s is %,d bytes, not compacted (dry run)%n", DATABASE, before);
      out.flush();
      return new Compacted(DATABASE, before, before);
    }
    Path copy = dir.resolveSibling(dir.getFileName() + ".compact-" + ProcessHandle.current().pid());
    try (Store s = ctx.openStore(root, StoreUse.REPAIRS)) {
      s.refresh();
      s.projections().copyCompacted(copy);
    }
    long after = size(copy);
    if (!Projections.swapIfUnused(dir, copy)) {
      FileTrees.delete(copy);
      throw new VerbFailure(
          ExitCodes.TEMPORARY,
          "-c: other processes have the store open; nothing was changed (run it again"
              + " when they have stopped)");
    }
    out.printf(
        "reconstruct -c: %s compacted from %,d to %,d bytes (%,d reclaimed)%n",
        DATABASE, before, after, before - after);
    out.flush();
    return new Compacted(DATABASE, before, after);
  }

  private static long size(Path dir) throws IOException {
    Path data = dir.resolve("data.mdb");
    return Files.exists(data) ? Files.size(data) : 0;
  }
}
