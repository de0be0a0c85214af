package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.ModifiedUtf7;
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

/** One reconstruct run over an open store: does what the options ask, prints what it did. */
final class Run {
  private final ReconstructCommand o;
  private final Store store;
  private final PrintWriter out;
  private final PrintWriter err;
  private final CliContext ctx;
  private boolean left;

  Run(ReconstructCommand options, Store store, CliContext ctx) {
    this.o = options;
    this.store = store;
    this.ctx = ctx;
    this.out = ctx.out();
    this.err = ctx.err();
  }

  int call() throws IOException {
    if (o.partition != null && !store.partitions().exists(o.partition)) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "reconstruct: no such partition: " + o.partition);
    }
    Predicate<MailboxRecord> onPartition =
        m -> o.partition == null || m.partition().equals(o.partition);
    if (o.registry) {
      Predicate<MailboxRecord> scope =
          o.user == null
              ? onPartition
              : onPartition.and(m -> m.owner().map(o.user::equals).orElse(false));
      replayCheck(
          "projections",
          o.partition == null && o.user == null
              ? Replay.compare(store, null, err)
              : Replay.compareMailboxes(store, scope, err));
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
    return left ? ExitCodes.DATA : ExitCodes.OK;
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
        // -r user/daphne: the reference names a user's hierarchy, which is not itself a mailbox.
        int found = chosen.size();
        r.mailbox(name).ifPresent(m -> chosen.put(m.name(), m));
        if (o.recursive) {
          r.forEachMailbox(name + "/", c -> chosen.put(c.name(), c) != null || true);
        }
        if (chosen.size() == found && r.mailbox(name).isEmpty()) {
          throw Rejected.notFound("no such mailbox: " + given);
        }
      }
      out.addAll(chosen.values());
    }
    return out;
  }

  private String internal(String given) {
    if (o.encoding == null || o.encoding.equalsIgnoreCase("modified-utf-7")) {
      return given;
    }
    if (!Charset.isSupported(o.encoding)) {
      throw VerbFailure.usage("reconstruct: unknown encoding: " + o.encoding);
    }
    // The shell hands us text in that charset, already decoded by the JVM: encode to IMAP's form.
    return ModifiedUtf7.encode(given);
  }

  private void mailboxes(List<MailboxRecord> boxes, int threads) throws IOException {
    boolean repair = !o.reportOnly;
    MailboxCheck.Result r =
        new MailboxCheck(store, threads, repair, o.force, ctx.author()).run(boxes, err);
    for (BodyProblem p : r.problems()) {
      out.println(p.line());
    }
    out.println("reconstruct: checked " + boxes.size() + " mailboxes, " + r.figures().line());
    out.println(
        "reconstruct: "
            + r.problems().size()
            + " damaged bodies: "
            + r.repaired()
            + " restored, "
            + r.expunged()
            + " expunged, "
            + r.left()
            + " left");
    left |= r.left() > 0;
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
      for (String line : Aspects.subscriptions(r)) {
        out.println("reconstruct: " + line + " (reported only: IMAP allows it)");
      }
    }
    replayCheck("subscriptions", Replay.compare(store, Set.of("subscription"), err));
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
      return;
    }
    if (o.reportOnly) {
      out.println(
          "reconstruct: " + what + ": " + found.size() + " inconsistencies, not repaired (-n)");
      left = true;
      return;
    }
    Figures f = Replay.replay(store.projections(), store, err);
    List<String> after;
    try (ProjectionReader r = store.read()) {
      after = check.apply(r);
    }
    out.println(
        "reconstruct: "
            + what
            + ": "
            + found.size()
            + " inconsistencies; projections rebuilt from the journal, "
            + f.line()
            + (after.isEmpty() ? "; now consistent" : "; " + after.size() + " remain"));
    left |= !after.isEmpty();
  }

  private void replayCheck(String what, Replay.Diff d) {
    out.println("reconstruct: " + what + " replayed from the journal: " + d.figures().line());
    if (d.total() == 0) {
      out.println("reconstruct: " + what + ": the cache matches the journal");
      return;
    }
    d.byTable()
        .forEach(
            (table, n) ->
                out.println(
                    "reconstruct: table "
                        + table
                        + ": "
                        + n[0]
                        + " entries only in the cache, "
                        + n[1]
                        + " missing from it, "
                        + n[2]
                        + " differ"));
    if (o.reportOnly) {
      out.println("reconstruct: " + what + ": " + d.total() + " differences, not repaired (-n)");
      left = true;
      return;
    }
    Figures f = Replay.replay(store.projections(), store, err);
    out.println(
        "reconstruct: "
            + what
            + ": "
            + d.total()
            + " differences; live projections rebuilt from the journal, "
            + f.line());
  }

  private void orphans() throws IOException {
    Map<String, Orphans.Found> found = Orphans.run(store, !o.reportOnly);
    for (Orphans.Found f : found.values()) {
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
                  : ", " + f.reclaimed() + " bytes reclaimed"));
    }
  }
}
