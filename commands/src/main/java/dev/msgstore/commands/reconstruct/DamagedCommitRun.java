package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.reconstruct.CommitRepair.Choice;
import dev.msgstore.journal.DamagedCommit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.codec.CommitCodec;
import dev.msgstore.store.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;

/**
 * {@code reconstruct --skip-commit INDEX} and {@code --stop-at-commit INDEX}: the repairs of a
 * damaged commit before the journal's tail, which every other verb reports and stops at. Both first
 * say what the commit is and what follows it; {@code -n} stops there. The repair works on the
 * journal before the projections are opened (their catch-up would stop at the damage), then
 * rebuilds them from the repaired journal, since they may have applied what is now voided.
 */
final class DamagedCommitRun {
  private DamagedCommitRun() {}

  static CommitRepair run(
      Choice choice, String given, boolean reportOnly, Path where, CliContext ctx) {
    long index = parseIndex(choice, given);
    PrintWriter out = ctx.out();
    DamagedCommit d = Store.onJournal(where, j -> survey(j, index, given));
    describe(d, out);
    String at = CommitCodec.hex(index);
    String what =
        choice == Choice.SKIP
            ? "void the commit at index " + at + " (its events are lost, the later ones kept)"
            : "void the commit at index "
                + at
                + " and the "
                + (d.after().commits() + d.after().damaged())
                + " after it (the store goes back to its state before it)";
    if (reportOnly) {
      out.println(
          "reconstruct: --"
              + optionName(choice)
              + " would "
              + what
              + ", record it and rebuild the projections; not repaired (-n)");
      return new CommitRepair(choice, d, 0, null);
    }
    if (ctx.isDryRun()) {
      ctx.wouldHave(
          what
              + ", record it in a maintenance.commits-voided commit and rebuild the projections"
              + " from the journal");
      return new CommitRepair(choice, d, 0, null);
    }
    if (choice == Choice.SKIP && d.why().startsWith("its Chronicle header")) {
      Store.onJournal(where, j -> j.skipDamagedCommit(ctx.author(), index));
      out.println(
          "reconstruct: the commit at index "
              + at
              + " is whole: its Chronicle header restored from its own frame, nothing voided");
      return rebuilt(choice, d, 0, where, ctx);
    }
    long voided =
        Store.onJournal(
            where,
            j ->
                choice == Choice.SKIP
                    ? skipOne(j, ctx, index)
                    : j.stopAtDamagedCommit(ctx.author(), index));
    out.println(
        "reconstruct: "
            + voided
            + (voided == 1 ? " commit" : " commits")
            + " voided from index "
            + at
            + (choice == Choice.SKIP ? " (skipped)" : " (stopped at the damage)")
            + " and recorded in the journal");
    if (choice == Choice.SKIP && d.after().commits() > 0) {
      out.println(
          "reconstruct: later commits may have depended on it: 'msgstore reconstruct -a' checks");
    }
    return rebuilt(choice, d, voided, where, ctx);
  }

  private static CommitRepair rebuilt(
      Choice choice, DamagedCommit d, long voided, Path where, CliContext ctx) {
    Figures rebuilt;
    try (Store s = ctx.openStore(where, StoreUse.REPAIRS)) {
      rebuilt = Replay.replay(s.projections(), s, ctx.err());
    }
    ctx.out().println("reconstruct: projections rebuilt from the journal, " + rebuilt.line());
    return new CommitRepair(choice, d, voided, rebuilt);
  }

  private static long skipOne(Journal j, CliContext ctx, long index) {
    j.skipDamagedCommit(ctx.author(), index);
    return 1;
  }

  private static DamagedCommit survey(Journal j, long index, String given) {
    try {
      return j.damagedCommit(index);
    } catch (NoSuchElementException e) {
      boolean decimal = !given.strip().regionMatches(true, 0, "0x", 0, 2);
      throw new VerbFailure(
          ExitCodes.NO_INPUT,
          e.getMessage()
              + (decimal ? " (" + given.strip() + " read as decimal; hex is written 0x...)" : ""));
    } catch (IllegalArgumentException e) {
      throw new VerbFailure(ExitCodes.DATA, e.getMessage() + ": nothing to repair");
    }
  }

  private static void describe(DamagedCommit d, PrintWriter out) {
    out.println(
        "reconstruct: the commit at index "
            + CommitCodec.hex(d.index())
            + " is damaged ("
            + d.why()
            + ")"
            + (d.previousMicros() < 0 ? "" : ", written after " + time(d.previousMicros())));
    DamagedCommit.Following f = d.after();
    String events =
        f.events().entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    out.println(
        "reconstruct: after it: "
            + f.commits()
            + (f.commits() == 1 ? " commit" : " commits")
            + (f.commits() == 0
                ? ""
                : " from "
                    + time(f.firstMicros())
                    + " to "
                    + time(f.lastMicros())
                    + " ("
                    + events
                    + ")")
            + (f.damaged() == 0 ? "" : ", " + f.damaged() + " more damaged"));
  }

  private static Instant time(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }

  static String optionName(Choice choice) {
    return choice == Choice.SKIP ? "skip-commit" : "stop-at-commit";
  }

  /** An index as a damaged commit's error line writes it ({@code 0x…}), or in decimal. */
  static long parseIndex(Choice choice, String given) {
    String s = given.strip();
    try {
      long index =
          s.regionMatches(true, 0, "0x", 0, 2)
              ? Long.parseUnsignedLong(s.substring(2), 16)
              : Long.parseLong(s);
      if (index >= 0) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw VerbFailure.usage(
        "--"
            + optionName(choice)
            + " takes a commit index, in hex as errors write it (0x513600000001) or in decimal: "
            + given);
  }
}
