package dev.msgstore.commands.relinker;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.CliContext.StoreUse;
import dev.msgstore.commands.cli.DryRunOption;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.Store;
import dev.msgstore.store.purge.PurgeLock;
import dev.msgstore.store.purge.Relinker;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code relinker} (Table 71-36): folds duplicate copies of a body into one and prints the
 * reference's statistics table ({@link Relinker}). It compacts segments, so it takes the purge
 * session lock. Its {@link #result()} is the statistics of each partition.
 */
@Command(
    name = "relinker",
    footer = "%nReference: Table 71-36, relinker Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Find bodies stored more than once on a partition (the same digest written into two"
          + " segments by concurrent or imported deliveries) and fold them into one copy,"
          + " reclaiming the rest. A dot is printed for every 100,000 records or messages"
          + " scanned.",
      "The digest repository is the body index: -d drops its entries no live or restorable"
          + " message names (what impurge reclaims)."
    })
public final class RelinkerCommand implements Callable<Integer>, ResultVerb {
  static final String RULE = "-".repeat(57);

  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin DryRunOption dryRun;
  @Mixin FormatOption format;

  @Option(names = "-d", description = "Delete digest repository.")
  boolean purgeRepository;

  @Option(names = "-p", paramLabel = "partitionname", description = "Process only this partition.")
  String partition;

  private final List<Relinker.Statistics> result = new ArrayList<>();

  @Override
  public List<Relinker.Statistics> result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    CliContext ctx = root.context();
    PrintWriter out = ctx.out();
    try (Store s = ctx.openStore(store.resolve(ctx), StoreUse.REPAIRS)) {
      List<String> partitions = new ArrayList<>(s.partitions().paths().keySet());
      if (partition != null) {
        if (!partitions.contains(partition)) {
          throw new VerbFailure(
              ExitCodes.NO_INPUT,
              "no such partition: " + partition + " (there are " + partitions + ")");
        }
        partitions = List.of(partition);
      }
      PurgeLock lock = null;
      if (!s.isDryRun()) {
        try {
          lock = PurgeLock.take(s.root());
        } catch (PurgeLock.Busy busy) {
          throw new VerbFailure(ExitCodes.TEMPORARY, busy.getMessage());
        }
      }
      try {
        Relinker relinker = new Relinker(s, ctx.author());
        for (String p : partitions) {
          out.println("Processing partition: " + p);
          boolean[] dotted = {false};
          Relinker.Statistics st =
              relinker.run(
                  p,
                  purgeRepository,
                  () -> {
                    out.print('.');
                    out.flush();
                    dotted[0] = true;
                  },
                  line -> {
                    if (dotted[0]) {
                      out.println();
                      dotted[0] = false;
                    }
                    out.println(line);
                    out.flush();
                  });
          if (dotted[0]) {
            out.println();
          }
          result.add(st);
          table(out, st);
        }
      } finally {
        if (lock != null) {
          lock.close();
        }
      }
    }
    out.flush();
    return 0;
  }

  private void table(PrintWriter out, Relinker.Statistics st) {
    out.println(RULE);
    out.println(String.format("%-30s%12s%13s", "Partition statistics", "Before", "After"));
    out.println(RULE);
    if (!purgeRepository) {
      out.println(row("Total messages", st.messages(), st.messages()));
      out.println(row("Unique messages", st.before().records(), st.after().records()));
    }
    out.println(row("Message digests in repository", st.before().indexed(), st.after().indexed()));
    if (!purgeRepository) {
      out.println(kb("Space used", st.before().payloadBytes(), st.after().payloadBytes()));
      out.println(kb("Space savings from single-copy", st.savingsBefore(), st.savingsAfter()));
    }
    out.println(RULE);
  }

  static String row(String label, long before, long after) {
    return String.format("%-30s%12d%13d", label, before, after);
  }

  static String kb(String label, long before, long after) {
    return String.format("%-30s%12dKb%11dKb", label, before / 1024, after / 1024);
  }
}
