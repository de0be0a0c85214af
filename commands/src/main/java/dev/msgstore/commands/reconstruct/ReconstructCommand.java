package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.Candidates;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code reconstruct} (reference Table 71-33). This class parses and checks the options; {@link
 * Run} does the work. Exit 0 when everything checked is sound or was repaired, 65 when damage was
 * found and left (with {@code -n}, or when it cannot be repaired). Its {@link #result()} is the
 * {@link ReconstructReport}.
 */
@Command(
    name = "reconstruct",
    footer = "%nReference: Table 71-33, reconstruct Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Check and repair mailboxes (bodies against their digests, index counts), or rebuild the"
          + " projections from the journal (-m), quotas (-q), subscriptions (-s), the ACL index"
          + " (-l). -x reports bodies no message names and reclaims their space (there is no"
          + " mailbox to recover them into). This store has no annotations (-A).",
      "A damaged commit in the journal, which every verb reports with its index, is repaired"
          + " with --skip-commit or --stop-at-commit (docs/DURABILITY.md).",
      "Exit 0: sound or repaired; 65: damage found and left."
    })
public final class ReconstructCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-r", description = "Also the mailboxes under each one given.")
  boolean recursive;

  @Option(names = "-f", description = "Force: expunge messages whose body cannot be repaired.")
  boolean force;

  @Option(names = "-n", description = "Report only: write nothing.")
  boolean reportOnly;

  @Option(names = "-x", description = "Bodies no message names: report, and reclaim their space.")
  boolean orphans;

  @Option(names = "-E", paramLabel = "encoding", description = "Mailbox name encoding.")
  String encoding;

  @Option(
      names = "-p",
      paramLabel = "partition",
      completionCandidates = Candidates.PartitionNames.class,
      description =
          "The mailboxes of a partition; with mailboxes, those of them on it (the others are"
              + " skipped, with a note).")
  String partition;

  @Option(names = "-m", description = "Rebuild the projections from the journal and compare.")
  boolean registry;

  @Option(names = "-u", paramLabel = "user", description = "With -m or -A: one user.")
  String user;

  @Option(names = "-q", description = "Recompute quota usage.")
  boolean quotas;

  @Option(names = "-s", description = "Check subscriptions.")
  boolean subscriptions;

  @Option(names = "-l", description = "Check the ACL reverse index.")
  boolean acl;

  @Option(names = "-A", description = "Annotations (this store has none).")
  boolean annotations;

  @Option(
      names = "-c",
      description =
          "Compact a database: db_file_name is 'projections', the one database this store keeps"
              + " (its journal and bodies are append-only files). Swapped in only when no other"
              + " process has the store open.")
  boolean compact;

  @Option(names = "-a", description = "All aspects: mailboxes, quotas, subscriptions, ACL index.")
  boolean all;

  @Option(names = "-t", paramLabel = "nthreads", description = "Threads verifying bodies (1-64).")
  Integer threads;

  @Option(
      names = "--skip-commit",
      paramLabel = "INDEX",
      description =
          "Repair a damaged commit before the journal's end by voiding it: its events are lost,"
              + " every later commit is kept, and a maintenance.commits-voided commit records it."
              + " INDEX as the error line writes it (0x...) or in decimal. With -n: what it is and"
              + " what follows it.")
  String skipCommit;

  @Option(
      names = "--stop-at-commit",
      paramLabel = "INDEX",
      description =
          "Repair a damaged commit by stopping the journal there: it and every later commit are"
              + " voided (kept in the file, set aside), so the store goes back to its state before"
              + " it; recorded as --skip-commit is. With -n: what that sets aside.")
  String stopAtCommit;

  @Parameters(paramLabel = "mailbox", arity = "0..*", description = "Mailboxes to check.")
  List<String> mailboxes = new ArrayList<>();

  private ReconstructReport result;

  @Override
  public Integer call() throws IOException {
    checkOptions();
    CliContext ctx = root.context();
    result = report(ctx);
    ctx.out().flush();
    ctx.err().flush();
    return result.damageLeft() ? ExitCodes.DATA : ExitCodes.OK;
  }

  /** What the run checked and did; null before the run or if it failed. */
  @Override
  public ReconstructReport result() {
    return result;
  }

  private ReconstructReport report(CliContext ctx) throws IOException {
    if (annotations) {
      ctx.out().println("reconstruct: this store keeps no annotations: nothing to repair");
      return ReconstructReport.nothing();
    }
    Path where = store.resolve(ctx);
    ctx.requireStore(where, StoreUse.REPAIRS);
    if (compact) {
      return ReconstructReport.of(Compaction.run(where, mailboxes, ctx));
    }
    if (skipCommit != null || stopAtCommit != null) {
      CommitRepair.Choice choice =
          skipCommit != null ? CommitRepair.Choice.SKIP : CommitRepair.Choice.STOP;
      String index = skipCommit != null ? skipCommit : stopAtCommit;
      return ReconstructReport.of(
          DamagedCommitRun.run(choice, index, reportOnly, where, ctx), reportOnly);
    }
    try (Store s = ctx.openStore(where, StoreUse.REPAIRS)) {
      return new Run(this, s, ctx).call();
    }
  }

  private void checkOptions() {
    if (skipCommit != null || stopAtCommit != null) {
      checkCommitRepair();
      return;
    }
    int modes = count(registry, quotas, subscriptions, acl, annotations, compact, all);
    if (modes > 1) {
      throw VerbFailure.usage("-m, -q, -s, -l, -A, -c and -a exclude each other");
    }
    if (count(force, reportOnly) > 1 || (orphans && force)) {
      throw VerbFailure.usage("-f, -n and -x exclude each other");
    }
    if (user != null && !(registry || annotations)) {
      throw VerbFailure.usage("-u goes with -m or -A");
    }
    if (threads != null && (threads < 1 || threads > 64)) {
      throw VerbFailure.usage("-t takes 1 to 64 threads");
    }
    if (threads != null && !all) {
      throw VerbFailure.usage("-t goes with -a");
    }
    if ((subscriptions || acl || annotations || compact) && partition != null) {
      throw VerbFailure.usage("-p does not go with -s, -l, -A or -c");
    }
    if (modes == 1 && !all && !mailboxes.isEmpty() && !compact) {
      throw VerbFailure.usage("mailboxes go with the mailbox check or -a only");
    }
  }

  /** A damaged commit's repair works on the journal alone: it goes with -n and nothing else. */
  private void checkCommitRepair() {
    if (skipCommit != null && stopAtCommit != null) {
      throw VerbFailure.usage("--skip-commit and --stop-at-commit exclude each other");
    }
    boolean other =
        count(registry, quotas, subscriptions, acl, annotations, compact, all, force, orphans) > 0
            || recursive
            || partition != null
            || user != null
            || encoding != null
            || threads != null
            || !mailboxes.isEmpty();
    if (other) {
      throw VerbFailure.usage(
          (skipCommit != null ? "--skip-commit" : "--stop-at-commit") + " goes with -n only");
    }
  }

  private static int count(boolean... flags) {
    int n = 0;
    for (boolean f : flags) {
      n += f ? 1 : 0;
    }
    return n;
  }
}
