package dev.msgstore.commands.mkbackupdir;

import java.util.List;

/** What {@code mkbackupdir} changed in the backup directory (paths relative to it). */
public record BackupDirReport(String path, List<String> created, List<String> removed, long users) {
  public BackupDirReport {
    created = List.copyOf(created);
    removed = List.copyOf(removed);
  }
}
