package dev.msgstore.scripting.cli;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.scripting.ScriptHost;
import java.nio.file.Path;

/**
 * How run, shell and jshell open their host and end: alike, so that each says only what differs.
 */
final class Hosts {
  private Hosts() {}

  /** A host on {@code root} speaking for {@code actor}, its commits' origin {@code origin}. */
  static ScriptHost open(CliContext ctx, Path root, String actor, String origin) {
    // A script may change the store, so it is made on first use, but not by a dry run.
    ctx.requireStore(root, CliContext.StoreUse.WRITES);
    return new ScriptHost(
        new ScriptHost.HostSettings(
            root, ctx.out(), ctx.err(), ctx.env(), actor, origin, ctx.dryRun()));
  }

  /** Flushes what the host printed; a dry run says how many commits it would have made. */
  static void finish(CliContext ctx) {
    ctx.out().flush();
    if (ctx.dryRun() != null) {
      ctx.err()
          .println(
              "dry run: "
                  + ctx.dryRun().commitCount()
                  + " commit(s) would have been made; nothing was written");
    }
    ctx.err().flush();
  }
}
