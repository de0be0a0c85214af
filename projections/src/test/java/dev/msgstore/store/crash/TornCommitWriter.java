package dev.msgstore.store.crash;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.event.MaintenanceEvent;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM that dies in the middle of writing a commit: the journal's last document is left
 * begun and never finished, as a crash mid-write leaves it.
 */
public final class TornCommitWriter {
  private TornCommitWriter() {}

  public static void main(String[] args) {
    try (Journal j = Journal.open(Path.of(args[0]))) {
      j.append(
          Author.of("torn", "TornCommitWriter"),
          () -> {
            System.out.println("WRITING");
            System.out.flush();
            Runtime.getRuntime().halt(9);
            return List.of(new MaintenanceEvent.RefreshRequested("never"));
          });
    }
  }
}
