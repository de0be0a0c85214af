package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mailboxes {@code -m}, {@code -x}, {@code -p} and {@code -f} name; unknown ones exit 66. */
final class Targets {
  private final ProjectionReader reader;
  private final Partitions partitions;

  Targets(ProjectionReader reader, Partitions partitions) {
    this.reader = reader;
    this.partitions = partitions;
  }

  MailboxRecord named(String name) {
    return reader
        .mailbox(MailboxNames.canonical(name))
        .orElseThrow(() -> new VerbFailure(ExitCodes.NO_INPUT, "no such mailbox: " + name));
  }

  /** The mailbox whose directory (as {@code mboxutil -l -x} prints it) is {@code dir}. */
  MailboxRecord inDirectory(Path dir) {
    Path wanted = dir.toAbsolutePath().normalize();
    MailboxRecord[] found = {null};
    reader.forEachMailbox(
        "",
        m -> {
          if (Path.of(StoreLayout.mailboxPath(partitions, m))
              .toAbsolutePath()
              .normalize()
              .equals(wanted)) {
            found[0] = m;
          }
          return found[0] == null;
        });
    if (found[0] == null) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no mailbox in directory " + dir);
    }
    return found[0];
  }

  List<MailboxRecord> onPartition(String partition) {
    if (!partitions.exists(partition)) {
      throw new VerbFailure(ExitCodes.NO_INPUT, "no such partition: " + partition);
    }
    List<MailboxRecord> out = new ArrayList<>();
    reader.forEachMailbox("", m -> !m.partition().equals(partition) || out.add(m));
    return out;
  }

  /**
   * Every name is checked before anything is printed. A line that names no mailbox is reported by
   * its number, never quoted: the file may be anything ({@link InputFile}).
   */
  List<MailboxRecord> inFile(Path file) {
    InputFile input = InputFile.read(file, StandardCharsets.UTF_8);
    List<MailboxRecord> out = new ArrayList<>();
    for (int i = 0; i < input.lines().size(); i++) {
      String l = input.lines().get(i).strip();
      if (l.isEmpty()) {
        continue;
      }
      Optional<MailboxRecord> m;
      try {
        m = reader.mailbox(MailboxNames.canonical(l));
      } catch (RuntimeException e) {
        throw input.unquoted(e); // canonical may refuse the line, quoting it
      }
      if (m.isEmpty()) {
        throw new VerbFailure(ExitCodes.NO_INPUT, input.where(i) + ": no such mailbox");
      }
      out.add(m.get());
    }
    if (out.isEmpty()) {
      throw new VerbFailure(ExitCodes.DATA, file + " names no mailbox");
    }
    return out;
  }
}
