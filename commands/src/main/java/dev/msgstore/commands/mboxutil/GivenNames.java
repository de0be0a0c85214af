package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.MailboxNames;
import java.nio.file.Path;
import java.util.List;

/**
 * The mailbox names an administrator gave a mode: the command line's arguments, or the lines of
 * {@code -f file} when one is given ({@code file} is null otherwise), in the {@code codec}'s
 * encoding.
 */
record GivenNames(List<String> args, Path file, NameCodec codec) {
  GivenNames {
    args = List.copyOf(args);
  }

  boolean fromFile() {
    return file != null;
  }

  /** The arguments, or the names in the file (read now, so that a bad file fails the mode). */
  List<String> read() {
    return file == null ? args : MailboxFiles.read(file, codec);
  }

  /** A given name in internal form, checked for characters no mailbox name may hold. */
  String internal(String given) {
    String name = MailboxNames.canonical(codec.toInternal(given));
    MailboxNames.problem(name)
        .ifPresent(
            p -> {
              throw new VerbFailure(ExitCodes.DATA, p);
            });
    return name;
  }
}
