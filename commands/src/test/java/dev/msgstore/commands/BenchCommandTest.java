package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench runs and reports every figure; the figures themselves are not judged here. */
class BenchCommandTest {
  @TempDir Path scratch;

  @Test
  void quickRunReportsEverySection() throws Exception {
    Cli r = Cli.run("bench", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    for (String line :
        new String[] {
          "append, 1 event/commit, 8 writers:",
          "append, 100 events/commit, 1 writer:",
          "replay into empty projections (1st):",
          "replay into empty projections (2nd):",
          "1 writer :",
          "8 writers:",
          "µs a message (the process, every thread",
          "commits each, busy",
          "journal fsyncs:",
          "the disk's ceiling, 8 writers:",
          "messages: ",
          "heap with 10x the messages:",
          "deliver, one JVM per message:",
          "--version:",
          "mboxutil -l -p 'user/u26/*', 20,000 messages:",
          "deliver, one message into that store:",
          "mboxutil -l, 200 users x 10 folders:",
          "reconstruct -m (rebuild the projections from the journal):",
          "reconstruct -r -n (re-hash every message's body):",
          "directory lookups, 1,000 users",
          "raw disk, ",
          "imsbackup / (gzip)",
          "imsrestore into an empty store",
          "restored to an instant a week back",
          "fresh JVM, first query (journal --user needle): 100 commits in"
        }) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
    try (var left = Files.list(scratch)) {
      assertEquals(0, left.count(), "the bench cleans its scratch directory");
    }
  }

  @Test
  void restoreAloneRestoresAWeekBackAndReportsWallAndCpu() throws Exception {
    Cli r = Cli.run("bench", "--only", "restore", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(
        r.out()
            .contains(
                "10 mailboxes changed: 1,100 messages back, 80 expunged, 300 messages' flags set"
                    + " back; 0 lost"),
        r.out());
    assertTrue(
        r.out()
            .matches(
                "(?s).*restore: [0-9.]+ s wall \\(target ≤ 10 s\\), [0-9.]+ s process CPU\n.*"),
        r.out());
  }

  @Test
  void auditAloneAnswersTheNeedleFromAFreshJvm() throws Exception {
    Cli r = Cli.run("bench", "--only", "audit", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    for (String line :
        new String[] {
          "audit 20,000 commits: generated in",
          "  index: ",
          "the same filter by a scan of every commit: 100 commits in",
          "fresh JVM, first query (journal --user needle): 100 commits in"
        }) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in:\n" + r.out());
    }
  }

  @Test
  void utilitiesAloneTimeFreshLaunchersOnAStoreOfTheirOwn() throws Exception {
    Cli r = Cli.run("bench", "--only", "utilities", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    assertFalse(r.out().contains("journal\n") || r.out().contains("replay"), r.out());
    Pattern timed = Pattern.compile(" (\\d+\\.\\d\\d) s wall, (\\d+\\.\\d\\d) s CPU");
    for (String figure :
        new String[] {
          "--version:",
          "mboxutil -l -p 'user/u26/*', 20,000 messages:",
          "deliver, one message into that store:"
        }) {
      String line =
          r.out().lines().filter(l -> l.contains(figure)).findFirst().orElse("missing " + figure);
      Matcher m = timed.matcher(line);
      assertTrue(m.find(), "no wall and CPU times in '" + line + "' of:\n" + r.out());
      assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(2)) > 0, line);
    }
    assertTrue(r.out().contains("CPU, 5 rows"), r.out());
    assertFalse(r.out().contains("a run with --keep left"), r.out());
  }

  @Test
  void aKeptStoreServesTheNextRunOfTheUtilities() throws Exception {
    String[] args = {
      "bench", "--only", "utilities", "--quick", "--dir", scratch.toString(), "--keep"
    };
    Cli first = Cli.run(args);
    assertEquals(0, first.exit(), first.err());
    assertFalse(first.out().contains("a run with --keep left"), first.out());
    Cli second = Cli.run(args);
    assertEquals(0, second.exit(), second.err());
    assertTrue(
        second.out().contains("(the store of 20,000 messages a run with --keep left in "),
        second.out());
    assertTrue(second.out().contains("CPU, 5 rows"), second.out());
  }

  @Test
  void directoryAloneMeasuresEachLookupOfEachSubject() throws Exception {
    Cli r = Cli.run("bench", "--only", "directory", "--quick", "--dir", scratch.toString());
    assertEquals(0, r.exit(), r.err());
    assertFalse(r.out().contains("journal\n") || r.out().contains("replay"), r.out());
    Pattern figure = Pattern.compile(" ([\\d,]+\\.\\d\\d) µs a lookup \\(p50 ");
    for (String subject : new String[] {"cached  ", "uncached"}) {
      for (String lookup :
          new String[] {"address → user:", "user           :", "domain         :"}) {
        String line =
            r.out()
                .lines()
                .filter(l -> l.contains(subject) && l.contains(lookup))
                .findFirst()
                .orElse("missing " + subject + lookup);
        Matcher m = figure.matcher(line);
        assertTrue(m.find(), "no figure in '" + line + "' of:\n" + r.out());
        assertTrue(Double.parseDouble(m.group(1).replace(",", "")) > 0, line);
      }
    }
  }

  @Test
  void nonsenseSizesAreUsageErrors() {
    Cli r = Cli.run("bench", "--messages", "0", "--dir", scratch.toString());
    assertEquals(64, r.exit());
    assertTrue(r.err().startsWith("bench: --events, --messages"), r.err());
  }
}
