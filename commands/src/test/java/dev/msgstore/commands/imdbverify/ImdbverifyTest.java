package dev.msgstore.commands.imdbverify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Full and incremental snapshots, verified against the journal replayed to their index. */
class ImdbverifyTest {
  @TempDir Path dir;

  @Test
  void snapshotsVerifyAndADamagedOneIsFound() throws Exception {
    Path store = dir.resolve("store");
    VerbRun.ok("mboxutil", store, "-c", "user/joe/INBOX");
    VerbRun incremental = VerbRun.run("imdbverify", "--store", store.toString());
    assertEquals(66, incremental.exit(), "an incremental needs a full one first");
    VerbRun.ok("imdbverify", store, "-s");
    VerbRun.ok("mboxutil", store, "-c", "user/ann/INBOX");
    VerbRun.ok("imdbverify", store);
    VerbRun m = VerbRun.ok("imdbverify", store, "-m");
    List<SnapshotReport> r = m.list(SnapshotReport.class);
    assertEquals(List.of("full", "incremental"), r.stream().map(SnapshotReport::kind).toList());
    assertTrue(r.stream().allMatch(SnapshotReport::verified), m.out());
    assertTrue(
        m.out().matches("(?s)full-\\d+: OK \\(journal index \\d+\\)\nincr-\\d+: OK .*"), m.out());

    // a snapshot whose cache is not the journal's state at its index: said, exit 65
    Path full;
    try (Stream<Path> s = Files.list(store.resolve("snapshots"))) {
      full =
          s.filter(p -> p.getFileName().toString().startsWith("full-")).findFirst().orElseThrow();
    }
    Path incr;
    try (Stream<Path> s = Files.list(store.resolve("snapshots"))) {
      incr =
          s.filter(p -> p.getFileName().toString().startsWith("incr-")).findFirst().orElseThrow();
    }
    // the full snapshot's cache put in place of the newer state: a copy that lost ann's mailbox
    Files.writeString(full.resolve("position"), Files.readString(incr.resolve("position")));
    VerbRun bad = VerbRun.run("imdbverify", "--store", store.toString(), "-m");
    assertEquals(65, bad.exit(), bad.out() + bad.err());
    assertTrue(bad.out().contains(full.getFileName() + ": DIFFERS"), bad.out());
  }
}
