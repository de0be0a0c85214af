package dev.msgstore.commands.bench;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.reconstruct.Figures;
import dev.msgstore.commands.reconstruct.Reconstruct;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Measures the store on this machine, in one run, and prints the figures. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure journal, delivery, open, directory lookup and LMTP figures on this machine.",
      "Builds its stores in a scratch directory (--dir) and deletes them afterwards."
    })
public final class BenchCommand implements Callable<Integer> {
  enum Section {
    journal,
    delivery,
    open,
    utilities,
    reconstruct,
    directory,
    lmtp,
    purge,
    expire,
    backup,
    restore,
    audit
  }

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;

  @Option(names = "--only", split = ",", description = "Sections to run: ${COMPLETION-CANDIDATES}.")
  Set<Section> only;

  @Option(names = "--quick", description = "Small sizes: checks the bench runs, figures are rough.")
  boolean quick;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Scratch directory (default: a temp dir).")
  Path dir;

  @Option(
      names = "--keep",
      description =
          "Keep the scratch stores; a later run with the same --dir reuses utilities' large store.")
  boolean keep;

  @Option(names = "--events", description = "Events appended and replayed (default: 1000000).")
  Long events;

  @Option(names = "--messages", description = "Messages delivered with 8 writers (default: 40000).")
  Integer messages;

  @Option(
      names = "--store-messages",
      description = "Messages in the store opened (default: 1000000).")
  Long storeMessages;

  @Option(names = "--users", defaultValue = "1000", description = "Users (default: 1000).")
  int users;

  @Option(names = "--probe-list", hidden = true, paramLabel = "USER")
  String probeUser;

  /** The audit section's fresh JVM: the first query, timed from inside (see {@link AuditBench}). */
  @Option(names = "--probe-audit", hidden = true)
  boolean probeAudit;

  @Option(
      names = "--audit-commits",
      split = ",",
      paramLabel = "N",
      description = "Journal sizes the audit section builds (default: 1000000,10000000).")
  long[] auditCommits;

  /** The launcher's recording run for its brief verbs' AOT cache (see {@link AotTraining}). */
  @Option(names = "--aot-training", hidden = true)
  boolean aotTraining;

  /** The launcher's recording run for the replaying verbs' AOT cache (see {@link AotTraining}). */
  @Option(names = "--aot-training-replay", hidden = true)
  boolean aotTrainingReplay;

  /** The store of --store-messages messages the open section built, which utilities reuses. */
  private Path largeStore;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = root.context().out();
    if (aotTraining || aotTrainingReplay) {
      List<String> failed = aotTraining ? AotTraining.run() : AotTraining.runReplay();
      if (!failed.isEmpty()) {
        throw new VerbFailure(
            ExitCodes.SOFTWARE, "AOT training: these failed: " + String.join("; ", failed));
      }
      return 0;
    }
    if (probeUser != null) {
      out.println(OpenBench.listUser(store.resolve(root.context()), probeUser));
      return 0;
    }
    if (probeAudit) {
      out.println(AuditBench.probe(store.resolve(root.context())));
      return 0;
    }
    Set<Section> sections = only == null ? EnumSet.allOf(Section.class) : only;
    long nEvents = events != null ? events : quick ? 20_000 : 1_000_000;
    int nMessages = messages != null ? messages : quick ? 400 : 40_000;
    long nStore = storeMessages != null ? storeMessages : quick ? 20_000 : 1_000_000;
    int nUsers = quick ? Math.min(users, 50) : users;
    if (nEvents < 1 || nMessages < 8 || nStore < 1 || nUsers < 1) {
      throw VerbFailure.usage(
          "--events, --messages (≥ 8), --store-messages and --users must be positive");
    }
    Path scratch = dir != null ? dir : Files.createTempDirectory("msgstore-bench");
    Files.createDirectories(scratch);
    out.printf(
        "msgstore bench: %d cores, Java %s, scratch %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version().feature(), scratch);
    try {
      if (sections.contains(Section.journal)) {
        journal(out, scratch.resolve("journal-bench"), nEvents, nUsers);
      }
      if (sections.contains(Section.delivery)) {
        delivery(out, scratch.resolve("delivery-bench"), nMessages, nUsers);
      }
      if (sections.contains(Section.open)) {
        open(out, scratch.resolve("open-bench"), nStore, nUsers);
      }
      if (sections.contains(Section.utilities)) {
        utilities(out, scratch.resolve("utilities-bench"), nStore, nUsers);
      }
      if (sections.contains(Section.reconstruct)) {
        reconstruct(out, scratch.resolve("reconstruct-bench"), nStore, nUsers);
      }
      if (sections.contains(Section.directory)) {
        directory(out, scratch.resolve("directory-bench"));
      }
      if (sections.contains(Section.lmtp)) {
        LmtpBench.run(out, scratch.resolve("lmtp-bench"), quick);
      }
      if (sections.contains(Section.purge)) {
        PurgeBench.run(out, scratch.resolve("purge-bench"), nStore);
      }
      if (sections.contains(Section.expire)) {
        ExpireBench.run(out, scratch.resolve("expire-bench"), quick ? 2_000 : nMessages, nUsers);
      }
      if (sections.contains(Section.backup)) {
        BackupBench.run(out, scratch.resolve("backup-bench"), quick ? 5_000 : 100_000, nUsers);
      }
      if (sections.contains(Section.restore)) {
        RestoreBench.run(out, scratch.resolve("restore-bench"), quick ? 5_000 : 100_000);
      }
      if (sections.contains(Section.audit)) {
        long[] sizes =
            auditCommits != null
                ? auditCommits
                : quick ? new long[] {20_000} : new long[] {1_000_000, 10_000_000};
        out.println("audit");
        AuditBench.run(out, scratch.resolve("audit-bench"), sizes, 1_000_000);
      }
    } finally {
      if (!keep) {
        if (dir == null) {
          FileTrees.delete(scratch);
        } else {
          FileTrees.deleteContents(scratch);
        }
      }
    }
    return 0;
  }

  private void journal(PrintWriter out, Path d, long nEvents, int nUsers) throws Exception {
    out.println("journal");
    int singles = (int) Math.min(nEvents, quick ? 2_000 : 50_000);
    double[] single = JournalBench.appendSingles(d.resolve("singles"), singles, 8);
    out.printf(
        "  append, 1 event/commit, 8 writers:   %,d commits in %.2f s = %,.0f commits/s, %.1f commits per fsync%n",
        singles, single[0], singles / single[0], singles / single[1]);
    int batch = 100;
    double appendSeconds = JournalBench.appendBatches(d.resolve("batches"), nUsers, nEvents, batch);
    out.printf(
        "  append, %d events/commit, 1 writer:  %,d events in %.2f s = %,.0f commits/s = %,.0f events/s%n",
        batch, nEvents, appendSeconds, nEvents / batch / appendSeconds, nEvents / appendSeconds);
    // A rebuild of a large store runs long enough for the JIT to finish: the second replay, into
    // other empty projections, shows that rate; the first shows a cold start's.
    for (String run : new String[] {"1st", "2nd"}) {
      double[] replay = JournalBench.replay(d.resolve("batches"), d.resolve("projections-" + run));
      long replayed = nEvents + nUsers;
      out.printf(
          "  replay into empty projections (%s): %,d events in %.2f s = %,.0f events/s (target ≥ 1,000,000);"
              + " CPU of the replaying thread %.2f s = %.0f ns an event = %,.0f events per CPU-second,"
              + " of the process %.2f s%n",
          run,
          replayed,
          replay[0],
          replayed / replay[0],
          replay[1],
          replay[1] * 1e9 / replayed,
          replayed / replay[1],
          replay[2]);
    }
    out.flush();
  }

  private void delivery(PrintWriter out, Path d, int nMessages, int nUsers) throws Exception {
    out.printf(
        "delivery through Store, durable (bodies 2-50 KB, median ~5 KB, %,d users)%n", nUsers);
    DeliveryBench.Figures eightWriters = null;
    try (Store s = Store.open(d)) {
      DeliveryBench.provision(s, nUsers);
      for (int writers : new int[] {1, 8}) {
        int n = writers == 1 ? Math.max(8, nMessages / 8) : nMessages;
        if (writers == 1) {
          // As below: the JIT compiles the delivery path during the first seconds after the JVM
          // starts, and the 1-writer run came first: twice the CPU a message of a warm process.
          DeliveryBench.run(s, nUsers, writers, n, 1_000 + writers);
          out.printf("  (1 writer: warmed up with %,d messages first)%n", n);
        }
        if (writers == 8) {
          // The JIT is still compiling the 8-writer path after the 1-writer run (a fifth of the
          // CPU of a measured run was C2's): a warm-up run first, so that the figures are those
          // of a store that has been delivering for a while, as the daemon's is.
          DeliveryBench.run(s, nUsers, writers, Math.max(8, nMessages / 4), 1_000 + writers);
          out.printf(
              "  (8 writers: warmed up with %,d messages first)%n", Math.max(8, nMessages / 4));
        }
        DeliveryBench.Figures f = DeliveryBench.run(s, nUsers, writers, n, writers);
        if (writers == 8) {
          eightWriters = f;
        }
        out.printf(
            "  %d writer%s: %,d messages in %.2f s = %,.0f messages/s, %.1f MB/s, p50 %,.0f µs, p99 %,.0f µs%s%n",
            writers,
            writers == 1 ? " " : "s",
            f.messages(),
            f.seconds(),
            f.perSecond(),
            f.bytes() / f.seconds() / 1e6,
            f.p50(),
            f.p99(),
            writers == 8 ? " (target ≥ 20,000/s)" : "");
        out.printf(
            "             CPU %,.0f µs a message (the process, every thread%s); journal: %,d fsyncs,"
                + " %.1f commits each, busy %.0f%% of the time; bodies: %,d fsyncs, busy %.0f%%%n",
            f.cpuMicrosPerMessage(),
            writers == 8 ? "; target ≤ 100 µs" : "",
            f.journal().count(),
            f.commitsPerJournalSync(),
            100 * f.busy(f.journal()),
            f.bodies().count(),
            100 * f.busy(f.bodies()));
        out.printf("             CPU µs a message by thread: %s%n", f.cpuByKindPerMessage());
        out.flush();
      }
      out.printf(
          "  journal fsyncs: %,d for %,d commits%n",
          s.journal().syncCount(), s.journal().stats().commits());
    }
    // What the disk allows whatever the code: the figure above is read against it.
    DiskCeiling.Figures c =
        DiskCeiling.run(d.resolve("disk-ceiling"), 8, nMessages, DiskCeiling.COMMIT_BYTES, true, 8);
    DiskCeiling.Figures unordered =
        DiskCeiling.run(
            d.resolve("disk-ceiling"), 8, nMessages, DiskCeiling.COMMIT_BYTES, false, 8);
    out.printf(
        "  the disk's ceiling, 8 writers: each body fsynced, then a %d-byte commit fsynced, in groups,"
            + " nothing else: %,d messages in %.2f s = %,.0f messages/s, CPU %,.0f µs a message (%.1f"
            + " bodies, %.1f commits an fsync); without that order (both fsyncs at once, which"
            + " msgstore does not do) %,.0f messages/s; the store did %.0f%% of the ceiling%n",
        DiskCeiling.COMMIT_BYTES,
        c.messages(),
        c.seconds(),
        c.perSecond(),
        c.cpuMicrosPerMessage(),
        (double) c.messages() / c.bodyFsyncs(),
        (double) c.messages() / c.commitFsyncs(),
        unordered.perSecond(),
        100 * eightWriters.perSecond() / c.perSecond());
    out.flush();
  }

  private void open(PrintWriter out, Path d, long nStore, int nUsers) throws Exception {
    out.printf("open a store in a fresh JVM and list one user's mailboxes%n");
    long small = Math.max(1, nStore / 10);
    OpenBench.Probe smallProbe = buildAndProbe(d.resolve("small"), nUsers, small);
    OpenBench.Probe probe = buildAndProbe(d.resolve("large"), nUsers, nStore);
    largeStore = d.resolve("large");
    for (var row : new Object[][] {{small, smallProbe}, {nStore, probe}}) {
      OpenBench.Probe p = (OpenBench.Probe) row[1];
      out.printf(
          "  %,10d messages: %.2f s wall (JVM start to exit), %d mailboxes listed, heap %.1f MB, RSS %.1f MB%s%n",
          (Long) row[0],
          p.wallSeconds(),
          p.mailboxes(),
          p.heapBytes() / 1e6,
          p.rssKb() / 1e3,
          row[0].equals(nStore) ? " (target ≤ 1.0 s)" : "");
    }
    out.printf(
        "  heap with %dx the messages: %.2fx%n",
        nStore / small, (double) probe.heapBytes() / smallProbe.heapBytes());
    out.flush();
  }

  private void utilities(PrintWriter out, Path d, long nStore, int nUsers) throws Exception {
    out.println("utilities, one JVM per command (as an MTA or an administrator runs them)");
    if (largeStore == null) {
      largeStore = d.resolve("store");
      if (!OpenBench.buildOnce(largeStore, nUsers, nStore)) {
        out.printf("  (the store of %,d messages a run with --keep left in %s)%n", nStore, d);
      }
    }
    Path large = largeStore;
    int runs = quick ? 1 : 5;
    out.printf(
        "  best of %d fresh launcher run%s, wall and CPU (user+sys of the launcher and its JVMs):%n",
        runs, runs == 1 ? "" : "s");
    UtilityBench.Timed version = UtilityBench.timed(runs, null, "--version");
    out.printf(
        "  --version: %.2f s wall, %.2f s CPU (target ≤ 0.25 s)%n",
        version.wallSeconds(), version.cpuSeconds());
    String pattern = "user/u" + (1 + nUsers / 2) + "/*";
    UtilityBench.Timed listing =
        UtilityBench.timed(
            runs, null, "mboxutil", "-l", "-p", pattern, "--store", large.toString());
    long rows = listing.output().lines().filter(l -> l.contains(" user/")).count();
    if (rows != OpenBench.FOLDERS) {
      throw new IllegalStateException(
          "mboxutil -l -p " + pattern + " listed " + rows + " mailboxes: " + listing.output());
    }
    out.printf(
        "  mboxutil -l -p '%s', %,d messages: %.2f s wall, %.2f s CPU, %d rows (target ≤ 0.5 s)%n",
        pattern, nStore, listing.wallSeconds(), listing.cpuSeconds(), rows);
    UtilityBench.Timed deliver =
        UtilityBench.timed(
            runs,
            run -> BodySizes.message(5120, "u1", 950_000_000L + run),
            "deliver",
            "--store",
            large.toString(),
            "u1");
    out.printf(
        "  deliver, one message into that store: %.2f s wall, %.2f s CPU%n",
        deliver.wallSeconds(), deliver.cpuSeconds());
    int messages = quick ? 4 : 40;
    deleteIfKept(d.resolve("deliver"));
    UtilityBench.DeliverFigures f = UtilityBench.deliverPerProcess(d.resolve("deliver"), messages);
    double perRun = f.seconds() / f.messages();
    out.printf(
        "  deliver, one JVM per message:        %,d messages in %.2f s = %.1f messages/s,"
            + " %.0f ms a run, of which JVM start (--version) %.0f ms = %.0f%%%n",
        f.messages(),
        f.seconds(),
        f.messages() / f.seconds(),
        perRun * 1000,
        f.jvmStartSeconds() * 1000,
        100 * f.jvmStartSeconds() / perRun);
    int users = quick ? 200 : 10_000;
    deleteIfKept(d.resolve("mboxutil"));
    UtilityBench.buildMailboxes(d.resolve("mboxutil"), users, 10);
    double[] list = UtilityBench.listAll(d.resolve("mboxutil"));
    out.printf(
        "  mboxutil -l, %,d users x 10 folders: %.2f s wall in a fresh JVM, %,.0f rows%n",
        users, list[0], list[1]);
    out.flush();
  }

  /** A small store an earlier run kept is made anew: these are built by appending to them. */
  private static void deleteIfKept(Path store) throws IOException {
    if (Files.exists(store)) {
      FileTrees.delete(store);
    }
  }

  private void reconstruct(PrintWriter out, Path d, long nStore, int nUsers) throws Exception {
    out.printf("reconstruct on a store of %,d messages%n", nStore);
    OpenBench.build(d, nUsers, nStore);
    try (Store s = Store.open(d)) {
      Figures rebuild = Reconstruct.rebuild(s);
      out.printf(
          "  reconstruct -m (rebuild the projections from the journal): %,d events in %.2f s = %,.0f events/s%n",
          rebuild.items(), rebuild.seconds(), rebuild.perSecond());
      Figures check = Reconstruct.verifyAll(s, Runtime.getRuntime().availableProcessors());
      out.printf(
          "  reconstruct -r -n (re-hash every message's body): %,d messages, %.0f MB in %.2f s = %,.0f messages/s, %.0f MB/s%n",
          check.items(),
          check.bytes() / 1e6,
          check.seconds(),
          check.perSecond(),
          check.mbPerSecond());
    }
    out.flush();
  }

  private void directory(PrintWriter out, Path scratch) throws Exception {
    int users = quick ? 1_000 : 10_000;
    int domains = quick ? 10 : 100;
    DirectoryBench.Population p = DirectoryBench.Population.of(users, domains);
    out.printf(
        "directory lookups, %,d users (half in %d hosted domains), one thread; uncached, the"
            + " in-memory server scans its entries for each search, slower than an indexed server%n",
        users, domains);
    try (DirectoryBench.LdapServer ldap = new DirectoryBench.LdapServer()) {
      // Another implementation is one more subject: a name and how to open it holding p.
      List<DirectoryBench.Subject> subjects =
          List.of(
              ldap.subject("ldap (in-memory server), cached", 60),
              ldap.subject("ldap (in-memory server), uncached", 0),
              DirectoryBench.embedded("embedded (LMDB projection)", scratch));
      for (DirectoryBench.Subject subject : subjects) {
        boolean cached = !subject.name().endsWith("uncached");
        int n = cached ? (quick ? 300 : 200_000) : (quick ? 100 : 200);
        for (DirectoryBench.Figure f : DirectoryBench.measure(subject, p, n)) {
          out.printf(
              "  %-34s %s: %,9.2f µs a lookup (p50 %,.2f, p99 %,.2f µs, %,d lookups)%s%n",
              f.subject(),
              f.lookup(),
              f.mean(),
              f.p50(),
              f.p99(),
              f.count(),
              cached ? " (target < 50 µs cached)" : "");
        }
        out.flush();
      }
    }
  }

  private OpenBench.Probe buildAndProbe(Path d, int nUsers, long messages) throws Exception {
    OpenBench.build(d, nUsers, messages);
    OpenBench.probe(d, "u" + (1 + nUsers / 2)); // warms the page cache, as a running system has
    double best = Double.MAX_VALUE;
    OpenBench.Probe last = null;
    for (int i = 0; i < 3; i++) {
      last = OpenBench.probe(d, "u" + (1 + nUsers / 2));
      best = Math.min(best, last.wallSeconds());
    }
    return new OpenBench.Probe(best, last.mailboxes(), last.heapBytes(), last.rssKb());
  }
}
