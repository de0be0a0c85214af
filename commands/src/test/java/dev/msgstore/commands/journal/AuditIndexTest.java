package dev.msgstore.commands.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.bench.AuditJournal;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit index answers {@code msgstore journal}'s filters with exactly what a scan of every
 * commit shows: a seeded history (renames across users, deletions, reads of deleted mailboxes, sudo
 * actors, several writers whose clocks disagree) and a few hundred random filters.
 */
class AuditIndexTest {
  private static final Instant START = Instant.parse("2026-11-01T00:00:00Z");

  @TempDir Path root;

  /** A clock that moves on by a random step at each reading. */
  private static final class Drift extends Clock {
    private final Random rnd;
    private long micros;

    Drift(Random rnd, long micros) {
      this.rnd = rnd;
      this.micros = micros;
    }

    @Override
    public Instant instant() {
      micros += rnd.nextInt(5_000_000);
      return Instant.EPOCH.plusNanos(micros * 1000);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void theIndexShowsWhatTheScanShows() throws Exception {
    long seed = 18_04L;
    Random rnd = new Random(seed);
    Store.open(root).close();
    AuditJournal history = new AuditJournal(seed, 12);
    long startMicros = START.toEpochMilli() * 1000;
    // several writers one after another, the later ones' clocks sometimes behind the earlier ones'
    long[] offsets = {0, 3_000_000_000L, 1_000_000_000L, 6_000_000_000L, 2_000_000_000L};
    for (int w = 0; w < offsets.length; w++) {
      try (Journal j =
          Journal.open(StoreLayout.journal(root), new Drift(rnd, startMicros + offsets[w]))) {
        history.write(j, 400, w == 2 ? 9 : 0);
      }
    }
    long endMicros = startMicros + 6_000_000_000L + 400L * 5_000_000L;

    long matched = 0;
    int nonEmpty = 0;
    try (Store s = Store.open(root)) {
      Journal j = s.journal();
      for (int f = 0; f < 300; f++) {
        List<String> args = new ArrayList<>();
        String since = null;
        String until = null;
        String actor = null;
        String mailbox = null;
        String user = null;
        String type = null;
        int dims = 1 + rnd.nextInt(3);
        for (int d = 0; d < dims; d++) {
          switch (rnd.nextInt(6)) {
            case 0 ->
                since = time(startMicros + (long) (rnd.nextDouble() * (endMicros - startMicros)));
            case 1 ->
                until = time(startMicros + (long) (rnd.nextDouble() * (endMicros - startMicros)));
            case 2 ->
                actor =
                    List.of("admin", "mta", "alice", "root", "alice (sudo as root)", "u3", "nobody")
                        .get(rnd.nextInt(7));
            case 3 ->
                mailbox =
                    List.of(
                            "user/u" + rnd.nextInt(12) + "/*",
                            "user/u" + rnd.nextInt(12) + "/INBOX",
                            "user/%/INBOX",
                            "*",
                            "user/u1%",
                            "user/needle/INBOX",
                            "user/u" + rnd.nextInt(12) + "/%")
                        .get(rnd.nextInt(7));
            case 4 ->
                user =
                    List.of("u" + rnd.nextInt(12), AuditJournal.NEEDLE, "anyone", "zed")
                        .get(rnd.nextInt(4));
            default ->
                type =
                    rnd.nextBoolean()
                        ? EventRegistry.types()
                            .get(rnd.nextInt(EventRegistry.types().size()))
                            .name()
                        : List.of("message", "mailbox", "acl", "session", "subscription", "quota")
                            .get(rnd.nextInt(6));
          }
        }
        add(args, "--since", since);
        add(args, "--until", until);
        add(args, "--actor", actor);
        add(args, "--mailbox", mailbox);
        add(args, "--user", user);
        add(args, "--type", type);
        JournalFilter filter =
            new JournalFilter(
                since == null ? null : Times.parseMicros(since, "--since", false),
                until == null ? null : Times.parseMicros(until, "--until", true),
                actor,
                mailbox == null ? null : new MailboxPattern(MailboxNames.canonical(mailbox)),
                user,
                type);
        StringBuilder scanned = new StringBuilder();
        JournalCommand.scan(
            j, filter, e -> scanned.append(JournalFormat.line(e)).append('\n'), false);
        StringBuilder fromIndex = new StringBuilder();
        JournalCommand.indexed(
            s, filter, e -> fromIndex.append(JournalFormat.line(e)).append('\n'));
        String indexed = fromIndex.toString();
        // the verb itself, now and then: it takes this path for a filter
        if (f % 15 == 0) {
          assertEquals(indexed, run(args), "journal " + String.join(" ", args));
        }
        assertEquals(scanned.toString(), indexed, "journal " + String.join(" ", args));
        long lines = indexed.lines().count();
        matched += lines;
        nonEmpty += lines > 0 ? 1 : 0;
      }
    }
    assertTrue(nonEmpty > 150 && matched > 5_000, nonEmpty + " filters matched " + matched);
  }

  @Test
  void aUserWithNineCommitsHasNine() {
    Store.open(root).close();
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      new AuditJournal(7, 50).write(j, 3000, 9);
    }
    assertEquals(9, run(List.of("--user", AuditJournal.NEEDLE)).lines().count());
  }

  private static void add(List<String> args, String option, String value) {
    if (value != null) {
      args.add(option);
      args.add(value);
    }
  }

  private static String time(long micros) {
    return Instant.EPOCH.plusNanos(micros * 1000).toString();
  }

  private String run(List<String> filter) {
    List<String> all = new ArrayList<>(List.of("journal", "--store", root.toString()));
    all.addAll(filter);
    String[] args = all.toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(err), Map.of(), "tester", all);
    int code = Main.run(ctx, args);
    assertEquals(0, code, err.toString());
    return out.toString();
  }
}
