package dev.msgstore.commands.imdbverify;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.Journal;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.ProjectionWriter;
import dev.msgstore.projections.Projections;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imdbverify} (Table 71-7): snapshots of the store's databases under {@code
 * <store>/snapshots/}. A full one ({@code -s}) is LMDB's consistent, compacted copy of the
 * projections and the journal index it covers; an incremental one records the journal index it
 * covers on top of the last full one (the journal commits between them are the increment: the
 * journal is the store's log). {@code -m} verifies every snapshot: the journal replayed into an
 * empty cache up to the snapshot's index must give the same projections, entry for entry.
 */
@Command(
    name = "imdbverify",
    footer = "%nReference: Table 71-7, imdbverify Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Take (-s full, else incremental) or verify (-m) snapshots of the store's databases,"
          + " kept in <store>/snapshots/."
    })
public final class ImdbverifyCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "-s", description = "Take a full snapshot (without -s: an incremental one).")
  boolean full;

  @Option(names = "-m", description = "Verify all snapshots.")
  boolean verify;

  private List<SnapshotReport> result;

  @Override
  public List<SnapshotReport> result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    if (full && verify) {
      throw VerbFailure.usage("-s and -m cannot be used together");
    }
    Path storeRoot = store.resolve(root.context());
    PrintWriter out = root.context().out();
    List<SnapshotReport> done = new ArrayList<>();
    boolean bad = false;
    try (Store s = root.context().openStore(storeRoot, StoreUse.READS)) {
      Path dir = storeRoot.resolve("snapshots");
      if (verify) {
        for (Path snap : snapshots(dir)) {
          SnapshotReport r = verify(s, dir, snap);
          done.add(r);
          bad |= !r.verified();
          out.println(
              r.name()
                  + ": "
                  + (r.verified() ? "OK" : "DIFFERS")
                  + " (journal index "
                  + r.index()
                  + (r.base() != null ? ", on " + r.base() : "")
                  + ")");
        }
        if (done.isEmpty()) {
          throw new VerbFailure(ExitCodes.NO_INPUT, "no snapshot in " + dir + ": take one with -s");
        }
      } else {
        long index;
        try (ProjectionReader r = s.read()) {
          index = r.stamp();
        }
        Files.createDirectories(dir);
        SnapshotReport r;
        if (full) {
          Path target = dir.resolve("full-" + index);
          if (!Files.exists(target)) {
            Path partial = dir.resolve(".partial-full-" + index);
            FileTrees.delete(partial);
            s.projections().copyCompacted(partial.resolve("projections"));
            Files.writeString(partial.resolve("position"), index + "\n");
            Files.move(partial, target);
          }
          r = new SnapshotReport(target.getFileName().toString(), "full", index, null, null);
        } else {
          Path base =
              snapshots(dir).stream()
                  .filter(p -> p.getFileName().toString().startsWith("full-"))
                  .reduce((a, b) -> b)
                  .orElseThrow(
                      () ->
                          new VerbFailure(
                              ExitCodes.NO_INPUT,
                              "no full snapshot in " + dir + " to build on: take one with -s"));
          Path target = dir.resolve("incr-" + index);
          Files.createDirectories(target);
          Files.writeString(target.resolve("position"), index + "\n");
          Files.writeString(target.resolve("base"), base.getFileName() + "\n");
          r =
              new SnapshotReport(
                  target.getFileName().toString(),
                  "incremental",
                  index,
                  base.getFileName().toString(),
                  null);
        }
        done.add(r);
        out.println(
            "imdbverify: "
                + r.kind()
                + " snapshot "
                + r.name()
                + " at journal index "
                + index
                + (r.base() != null ? " on " + r.base() : "")
                + " in "
                + dir);
      }
    }
    out.flush();
    result = done;
    if (bad) {
      throw new VerbFailure(
          ExitCodes.DATA, "a snapshot differs from the journal replayed to its index");
    }
    return 0;
  }

  /** Snapshot directories in index order (full before incremental at one index). */
  private static List<Path> snapshots(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().matches("(full|incr)-\\d+"))
          .sorted(
              java.util.Comparator.comparingLong(ImdbverifyCommand::index)
                  .thenComparing(p -> p.getFileName().toString()))
          .toList();
    }
  }

  private static long index(Path snap) {
    String n = snap.getFileName().toString();
    return Long.parseLong(n.substring(n.indexOf('-') + 1));
  }

  /**
   * A full snapshot against the journal replayed to its index; an incremental one as its base
   * brought forward by the journal's commits to its index, against the journal replayed from the
   * start to that index.
   */
  private SnapshotReport verify(Store s, Path dir, Path snap) throws IOException {
    long index = Long.parseLong(Files.readString(snap.resolve("position")).strip());
    boolean isFull = snap.getFileName().toString().startsWith("full-");
    String baseName = isFull ? null : Files.readString(snap.resolve("base")).strip();
    Path scratch = s.root().resolve("run").resolve("imdbverify-" + ProcessHandle.current().pid());
    FileTrees.delete(scratch);
    Files.createDirectories(scratch);
    try {
      Path from = isFull ? snap : dir.resolve(baseName);
      Path copy = scratch.resolve("snapshot");
      copyTree(from.resolve("projections"), copy);
      String snapshotDump;
      long start;
      try (Projections p = Projections.open(copy)) {
        start = p.stamp();
        if (!isFull) {
          replay(s.journal(), p, start, index);
        }
        snapshotDump = dump(p);
      }
      String fresh;
      try (Projections p = Projections.open(scratch.resolve("fresh"))) {
        replay(s.journal(), p, Journal.NO_INDEX, index);
        fresh = dump(p);
      }
      return new SnapshotReport(
          snap.getFileName().toString(),
          isFull ? "full" : "incremental",
          index,
          baseName,
          fresh.equals(snapshotDump));
    } finally {
      FileTrees.delete(scratch);
    }
  }

  /** Applies the commits after {@code after} up to {@code upTo} (in one transaction). */
  private static void replay(Journal journal, Projections p, long after, long upTo) {
    try (ProjectionWriter w = p.beginWrite()) {
      journal.replay(
          after,
          c -> {
            if (c.index() <= upTo) {
              w.apply(c);
            }
          });
      w.commit();
    }
  }

  private static String dump(Projections p) throws IOException {
    StringBuilder sb = new StringBuilder();
    p.dump(sb);
    return sb.toString();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }
}
