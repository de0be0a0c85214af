package dev.msgstore.commands.reconstruct;

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
 * cannot be swapped under its readers.
 */
final class Compaction {
  static final String DATABASE = "projections";

  private Compaction() {}

  static int run(Path root, List<String> names, PrintWriter out) throws IOException {
    if (names.size() != 1 || !names.get(0).equals(DATABASE)) {
      throw VerbFailure.usage(
          "-c takes one db_file_name: '" + DATABASE + "' (the only database this store keeps)");
    }
    Path dir = StoreLayout.projections(root);
    Path copy = dir.resolveSibling(dir.getFileName() + ".compact-" + ProcessHandle.current().pid());
    long before = size(dir);
    try (Store s = Store.open(root)) {
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
    return ExitCodes.OK;
  }

  private static long size(Path dir) throws IOException {
    Path data = dir.resolve("data.mdb");
    return Files.exists(data) ? Files.size(data) : 0;
  }
}
