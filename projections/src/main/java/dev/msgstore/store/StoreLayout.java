package dev.msgstore.store;

import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.UserDirectoryHash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where things live under a store root (DESIGN.md, "Storage layout"). */
public final class StoreLayout {
  private StoreLayout() {}

  /** Whether a store has been made at {@code root}: its journal, the truth, is there. */
  public static boolean exists(Path root) {
    return Files.isDirectory(journal(root));
  }

  public static Path journal(Path root) {
    return root.resolve("journal");
  }

  public static Path projections(Path root) {
    return root.resolve("projections");
  }

  public static Path config(Path root) {
    return root.resolve("config");
  }

  public static Path log(Path root) {
    return root.resolve("log");
  }

  /** A user's directory in a partition: {@code <partition>/=user/hh/hh/=uid}. */
  public static Path userDirectory(Path partition, String userId) {
    return partition.resolve("=user").resolve(UserDirectoryHash.of(userId)).resolve("=" + userId);
  }

  /**
   * A mailbox's directory, {@code <partition>/=user/hh/hh/=uid[/=folder...]} (hh/hh: {@link
   * UserDirectoryHash}), or {@code <partition>/=level[/=level...]} for a mailbox no user owns, as
   * {@code mboxutil -x} and {@code imcheck -m} print it.
   */
  public static String mailboxPath(Partitions partitions, MailboxRecord m) {
    Path base =
        partitions.exists(m.partition()) ? partitions.path(m.partition()) : Path.of(m.partition());
    Optional<String> owner = m.owner();
    StringBuilder sb =
        new StringBuilder(
            owner.isPresent() ? userDirectory(base, owner.get()).toString() : base.toString());
    String rest;
    if (owner.isPresent()) {
      String inbox = MailboxNames.inboxOf(owner.get());
      rest = m.name().equals(inbox) ? "" : m.name().substring(inbox.length() - "INBOX".length());
    } else {
      rest = m.name();
    }
    if (!rest.isEmpty()) {
      for (String level : rest.split("/")) {
        sb.append("/=").append(level);
      }
    }
    return sb.toString();
  }
}
