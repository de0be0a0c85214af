package dev.msgstore.services.cli;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;

/** The reference's replication options ({@code -m}, {@code ha}, {@code stored -d site}). */
final class Replication {
  private Replication() {}

  static VerbFailure notAvailable(String what) {
    return new VerbFailure(
        ExitCodes.UNAVAILABLE,
        what
            + ": replication is not available in msgstore yet (DESIGN.md, Beyond one machine);"
            + " this store runs alone");
  }
}
