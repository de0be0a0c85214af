package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.ModifiedUtf7;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One reconstruct run over an open store: does what the options ask, prints what it did, and
 * returns it as a {@link ReconstructReport}. In a dry run, rebuilding the live projections is left
 * out (reported on stderr); the figures printed are then those of a replay into a scratch cache,
 * which the check runs on again, so that the output is the one the real run would give.
 */
final class Run {
  private final ReconstructCommand o;
  private final Store store;
  private final PrintWriter out;
  private final PrintWriter err;
  private final CliContext ctx;
  private BodyReport bodies;
  private final List<IndexCheck> indexes = new ArrayList<>();
  private final List<ReplayCheck> replays = new ArrayList<>();
  private final List<Subscription> dangling = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private List<OrphanBodies> orphans = List.of();
  private boolean left;

  /** A rebuild's figures and what the check finds after it. */
  private record Rebuilt(Figures figures, List<String> remaining) {}

  Run(ReconstructCommand options, Store store, CliContext ctx) {
    this.o = options;
    this.store = store;
    this.ctx = ctx;
    this.out = ctx.out();
    this.err = ctx.err();
  }

  ReconstructReport call() throws IOException {
    if (o.partition != null && !store.partitions().exists(o.partition)) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no such partition: " + o.partition);
    }
    Predicate<MailboxRecord> onPartition =
        m -> o.partition == null || m.partition().equals(o.partition);
    if (o.registry) {
      Predicate<MailboxRecord> scope =
          o.user == null
              ? onPartition
              : onPartition.and(m -> m.owner().map(o.user::equals).orElse(false));
      if (o.partition == null && o.user == null) {
        replayCheck("projections", "projections", Replay.compare(store, null, err));
      } else {
        replayCheck("projections", scopeName(), Replay.compareScope(store, scope, o.user, err));
      }
    } else if (o.quotas) {
      quotas(onPartition);
    } else if (o.subscriptions) {
      subscriptions();
    } else if (o.acl) {
      aclIndex();
    } else if (o.orphans) {
      orphans();
    } else {
      List<MailboxRecord> boxes = selected(onPartition);
      mailboxes(boxes, o.all ? (o.threads == null ? 1 : o.threads) : 1);
      if (o.all) {
        quotas(onPartition);
        subscriptions();
        aclIndex();
      }
    }
    return new ReconstructReport(
        bodies, indexes, replays, dangling, orphans, null, skipped, null, left);
  }

  private List<MailboxRecord> selected(Predicate<MailboxRecord> onPartition) {
    List<MailboxRecord> out = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      if (o.mailboxes.isEmpty()) {
        r.forEachMailbox("", m -> !onPartition.test(m) || out.add(m));
        return out;
      }
      Map<String, MailboxRecord> chosen = new LinkedHashMap<>();
      for (String given : o.mailboxes) {
        String name = MailboxNames.canonical(internal(given));
        // -r user/daphne: the reference names a user's hierarchy, the account from its INBOX down.
        int found = chosen.size();
        r.mailbox(name).ifPresent(m -> chosen.put(m.name(), m));
        if (o.recursive) {
          String hierarchy =
              MailboxNames.accountOf(given)
                  .map(u -> MailboxNames.USER_PREFIX + u + MailboxNames.SEPARATOR)
                  .orElse(name + MailboxNames.SEPARATOR);
          r.forEachMailbox(hierarchy, c -> chosen.put(c.name(), c) != null || true);
        }
        if (chosen.size() == found && r.mailbox(name).isEmpty()) {
          throw Rejected.notFound("no such mailbox: " + given);
        }
      }
      for (MailboxRecord m : chosen.values()) {
        if (onPartition.test(m)) {
          out.add(m);
        } else {
          // The reference: "rebuild mailboxes listed ... only if they are in the primary
          // partition".
          skipped.add(m.name());
          this.out.println(
              "reconstruct: "
                  + m.name()
                  + " is on partition "
                  + m.partition()
                  + ", not "
                  + o.partition
                  + ": skipped");
        }
      }
    }
    return out;
  }

  private String internal(String given) {
    if (o.encoding == null || o.encoding.equalsIgnoreCase("modified-utf-7")) {
      return given;
    }
    if (!Charset.isSupported(o.encoding)) {
      throw VerbFailure.usage("unknown encoding: " + o.encoding);
    }
    // The shell hands us text in that charset, already decoded by the JVM: encode to IMAP's form.
    return ModifiedUtf7.encode(given);
  }

  private void mailboxes(List<MailboxRecord> boxes, int threads) throws IOException {
    boolean repair = !o.reportOnly;
    bodies = new MailboxCheck(store, threads, repair, o.force, ctx.author()).run(boxes, err);
    for (BodyProblem p : bodies.problems()) {
      out.println(p.line());
    }
    out.println(
        "reconstruct: checked " + bodies.mailboxes() + " mailboxes, " + bodies.figures().line());
    out.println("reconstruct: " + bodies.line());
    left |= bodies.left() > 0;
    indexCheck("mailbox index", rd -> MailboxCheck.inconsistencies(rd, refreshed(rd, boxes)));
  }

  /** The mailbox records as the same read view holds them now (a repair may have changed them). */
  private static List<MailboxRecord> refreshed(ProjectionReader r, List<MailboxRecord> boxes) {
    List<MailboxRecord> out = new ArrayList<>();
    for (MailboxRecord m : boxes) {
      r.mailbox(m.id()).ifPresent(out::add);
    }
    return out;
  }

  private void quotas(Predicate<MailboxRecord> scope) throws IOException {
    indexCheck("quota", r -> Aspects.quotas(r, scope));
  }

  private void subscriptions() throws IOException {
    try (ProjectionReader r = store.read()) {
      dangling.addAll(Aspects.subscriptions(r));
    }
    for (Subscription s : dangling) {
      out.println(
          "reconstruct: "
              + s.user()
              + " is subscribed to "
              + s.mailbox()
              + ", which does not exist (reported only: IMAP allows it)");
    }
    replayCheck(
        "subscriptions", "subscriptions", Replay.compare(store, Set.of("subscription"), err));
  }

  private void aclIndex() throws IOException {
    indexCheck("ACL index", Aspects::aclIndex);
  }

  /**
   * Runs {@code check}; when it finds something and -n was not given, rebuilds and checks again.
   */
  private void indexCheck(String what, Function<ProjectionReader, List<String>> check)
      throws IOException {
    List<String> found;
    try (ProjectionReader r = store.read()) {
      found = check.apply(r);
    }
    for (String line : found) {
      out.println("reconstruct: " + line);
    }
    if (found.isEmpty()) {
      out.println("reconstruct: " + what + ": consistent");
      indexes.add(new IndexCheck(what, found, null, List.of()));
      return;
    }
    if (o.reportOnly) {
      out.println(
          "reconstruct: " + what + ": " + found.size() + " inconsistencies, not repaired (-n)");
      indexes.add(new IndexCheck(what, found, null, found));
      left = true;
      return;
    }
    Rebuilt rebuilt = rebuild(what + ": " + found.size() + " inconsistencies", check);
    List<String> after = rebuilt.remaining();
    out.println(
        "reconstruct: "
            + what
            + ": "
            + found.size()
            + " inconsistencies; projections rebuilt from the journal, "
            + rebuilt.figures().line()
            + (after.isEmpty() ? "; now consistent" : "; " + after.size() + " remain"));
    indexes.add(new IndexCheck(what, found, rebuilt.figures(), after));
    left |= !after.isEmpty();
  }

  /**
   * Rebuilds the live projections from the journal and runs {@code check} on them again; a dry run
   * rebuilds a scratch cache instead and checks that.
   */
  private Rebuilt rebuild(String why, Function<ProjectionReader, List<String>> check)
      throws IOException {
    if (!store.isDryRun()) {
      Figures f = Replay.replay(store.projections(), store, err);
      try (ProjectionReader r = store.read()) {
        return new Rebuilt(f, check.apply(r));
      }
    }
    ctx.wouldHave("rebuild the projections from the journal (" + why + ")");
    return Replay.inScratch(
        store,
        (fresh, scratch) -> {
          Figures f = Replay.replay(fresh, store, err);
          try (ProjectionReader r = fresh.beginRead()) {
            return new Rebuilt(f, check.apply(r));
          }
        });
  }

  /** What -m -p/-u compares: "projections of user john on partition primary". */
  private String scopeName() {
    return "projections of"
        + (o.user == null ? "" : " user " + o.user)
        + (o.partition == null ? "" : (o.user == null ? "" : " on") + " partition " + o.partition);
  }

  /**
   * Reports {@code d}, the replay of {@code replayed} compared with the live cache over {@code
   * what}, and rebuilds the live cache when they differ and -n was not given.
   */
  private void replayCheck(String replayed, String what, Replay.Diff d) {
    out.println("reconstruct: " + replayed + " replayed from the journal: " + d.figures().line());
    ReplayCheck check = new ReplayCheck(what, d.figures(), d.byTable(), null);
    if (check.total() == 0) {
      out.println("reconstruct: " + what + ": the cache matches the journal");
      replays.add(check);
      return;
    }
    check
        .differences()
        .forEach(
            (table, n) ->
                out.println(
                    "reconstruct: table "
                        + table
                        + ": "
                        + n.onlyInCache()
                        + " entries only in the cache, "
                        + n.missingFromCache()
                        + " missing from it, "
                        + n.changed()
                        + " differ"));
    if (o.reportOnly) {
      out.println(
          "reconstruct: " + what + ": " + check.total() + " differences, not repaired (-n)");
      replays.add(check);
      left = true;
      return;
    }
    Figures f;
    if (store.isDryRun()) {
      // The replay just made is what the rebuild would do: its figures stand for it.
      ctx.wouldHave(
          "rebuild the projections from the journal ("
              + what
              + ": "
              + check.total()
              + " differences)");
      f = d.figures();
    } else {
      f = Replay.replay(store.projections(), store, err);
    }
    out.println(
        "reconstruct: "
            + what
            + ": "
            + check.total()
            + " differences; live projections rebuilt from the journal, "
            + f.line());
    replays.add(new ReplayCheck(what, d.figures(), d.byTable(), f));
  }

  private void orphans() throws IOException {
    orphans = Orphans.run(store, !o.reportOnly, err);
    for (OrphanBodies f : orphans) {
      out.println(
          "reconstruct: partition "
              + f.partition()
              + ": "
              + f.bodies()
              + " bodies no message names ("
              + f.bytes()
              + " bytes)"
              + (o.reportOnly
                  ? ", not reclaimed (-n)"
                  : store.isDryRun() && f.bodies() > 0
                      ? ", not reclaimed (dry run)"
                      : ", " + f.reclaimed() + " bytes reclaimed"));
    }
  }
}
