package dev.msgstore.commands.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --store DIR} option every verb that opens a store shares. */
public final class StoreOption {
  @Option(
      names = "--store",
      paramLabel = "DIR",
      description = "Store root (default: $MSGSTORE_HOME, else ./data).")
  Path store;

  public Path resolve(CliContext ctx) {
    return ctx.storeRoot(store);
  }
}
