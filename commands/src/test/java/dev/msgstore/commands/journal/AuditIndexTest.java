package dev.msgstore.commands.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.bench.AuditJournal;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.CommitFrames;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalArchive;
import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
    Map<JournalFilter, String> answers = new java.util.LinkedHashMap<>();
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
        answers.put(filter, indexed);
        long lines = indexed.lines().count();
        matched += lines;
        nonEmpty += lines > 0 ? 1 : 0;
      }
    }
    assertTrue(nonEmpty > 150 && matched > 5_000, nonEmpty + " filters matched " + matched);
    // a fresh process's path, the store closed: the index's file read on its own, the same answers
    for (Map.Entry<JournalFilter, String> a : answers.entrySet()) {
      assertEquals(a.getValue(), fromIndexAlone(a.getKey()), a.getKey().toString());
    }
  }

  /**
   * A fresh process's path: the index opened on its own and the commits read from the cycle files,
   * across a cycle roll; it steps aside (the store is opened and the index caught up) when a commit
   * came after the index's stamp or a half-written document lies at the end, and the answer is the
   * scan's either way.
   */
  @Test
  void theIndexAloneAnswersAsTheScanAndStepsAsideWhenBehind() throws Exception {
    Store.open(root).close();
    AuditJournal history = new AuditJournal(31, 10);
    Path dir = StoreLayout.journal(root);
    for (String day : new String[] {"2026-11-01T10:00:00Z", "2026-11-02T10:00:00Z"}) {
      try (Journal j = Journal.openDatedBy(dir, Clock.fixed(Instant.parse(day), ZoneOffset.UTC))) {
        history.write(j, 300, 5);
      }
    }
    List<List<String>> filters =
        List.of(
            List.of("--user", AuditJournal.NEEDLE),
            List.of("--user", "u3"),
            List.of("--mailbox", "user/u1/*"),
            List.of("--type", "message", "--actor", "mta"),
            List.of("--since", "2026-11-02T00:00:00Z", "--user", "u2"),
            List.of("--until", "2026-11-01T23:00:00Z"));
    try (Store s = Store.open(root)) {
      s.projections().catchUpAudit(s.journal());
      // the cycle file of a commit follows from its index alone
      for (long i : new long[] {s.journal().firstIndex(), s.journal().lastIndex()}) {
        assertEquals(s.journal().cycleFileName(i), CommitFrames.cycleFileName(i));
      }
    }
    assertEquals(2, JournalArchive.cycles(dir).size());
    boolean bothDays = false;
    for (List<String> f : filters) {
      String scanned = scanned(f);
      assertEquals(scanned, fromIndexAlone(f), "journal " + f);
      assertEquals(scanned, run(f), "journal " + f);
      bothDays |= scanned.contains("2026-11-01T") && scanned.contains("2026-11-02T");
    }
    assertTrue(bothDays);

    // a commit after the index's stamp: the store is opened and the index caught up
    try (Journal j =
        Journal.openDatedBy(
            dir, Clock.fixed(Instant.parse("2026-11-02T12:00:00Z"), ZoneOffset.UTC))) {
      history.write(j, 20, 2);
    }
    for (List<String> f : filters) {
      assertEquals(null, fromIndexAlone(f), "journal " + f);
    }
    for (List<String> f : filters) {
      assertEquals(scanned(f), run(f), "journal " + f);
      assertEquals(scanned(f), fromIndexAlone(f), "journal " + f);
    }

    // a document half written at the end (its header says "not complete"): never shown
    try (Journal j = Journal.open(dir)) {
      long end = j.endAt(j.lastIndex()).orElseThrow().end();
      try (FileChannel ch =
          FileChannel.open(dir.resolve(j.cycleFileName(j.lastIndex())), StandardOpenOption.WRITE)) {
        ByteBuffer doc = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        doc.putInt(0x80000000 | 20).put((byte) 2).putInt(11).putInt(7).flip();
        ch.write(doc, (end + 3) & ~3L);
      }
    }
    for (List<String> f : filters) {
      assertEquals(null, fromIndexAlone(f), "journal " + f);
      assertEquals(scanned(f), run(f), "journal " + f);
    }
  }

  /** What a scan of every commit shows for {@code args}. */
  private String scanned(List<String> args) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      JournalCommand.scan(
          j, filter(args), e -> out.append(JournalFormat.line(e)).append('\n'), false);
    }
    return out.toString();
  }

  /** What the index alone shows for {@code args}, or null when it does not answer. */
  private String fromIndexAlone(List<String> args) throws InterruptedException {
    return fromIndexAlone(filter(args));
  }

  private String fromIndexAlone(JournalFilter filter) throws InterruptedException {
    StringBuilder out = new StringBuilder();
    return JournalCommand.fromIndexAlone(
            root, filter, e -> out.append(JournalFormat.line(e)).append('\n'))
        ? out.toString()
        : null;
  }

  private static JournalFilter filter(List<String> args) {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      o.put(args.get(i), args.get(i + 1));
    }
    return new JournalFilter(
        o.containsKey("--since") ? Times.parseMicros(o.get("--since"), "--since", false) : null,
        o.containsKey("--until") ? Times.parseMicros(o.get("--until"), "--until", true) : null,
        o.get("--actor"),
        o.containsKey("--mailbox")
            ? new MailboxPattern(MailboxNames.canonical(o.get("--mailbox")))
            : null,
        o.get("--user"),
        o.get("--type"));
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
