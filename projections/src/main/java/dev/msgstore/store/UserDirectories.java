package dev.msgstore.store;

import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.FileTrees;
import dev.msgstore.journal.event.DirectoryEvent;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The per-user directories of the storage layout, {@code <partition>/=user/hh/hh/=uid/}, kept in
 * step with the accounts after each commit: one on every partition the user has a mailbox on, moved
 * with the account to another partition, removed with it. They are files beside the journal, not
 * state: they follow what the projections say, whatever the commit was, so doing it again is
 * harmless and a commit whose follow-up failed is put right by the next one for that user.
 */
final class UserDirectories {
  private UserDirectories() {}

  /** The users whose accounts {@code events} may have created, moved or removed. */
  static Set<String> touched(List<Event> events) {
    Set<String> users = new LinkedHashSet<>();
    for (Event e : events) {
      switch (e) {
        case DirectoryEvent.UserCreated u -> users.add(u.userId());
        case DirectoryEvent.UserMoved u -> users.add(u.userId());
        case MailboxEvent.Created c -> MailboxNames.ownerOf(c.name()).ifPresent(users::add);
        case MailboxEvent.Deleted d -> MailboxNames.ownerOf(d.name()).ifPresent(users::add);
        case MailboxEvent.Renamed r -> {
          MailboxNames.ownerOf(r.oldName()).ifPresent(users::add);
          MailboxNames.ownerOf(r.newName()).ifPresent(users::add);
        }
        default -> {}
      }
    }
    return users;
  }

  /**
   * Makes {@code userId}'s directory exist on exactly the partitions their mailboxes are on: one
   * left on a partition they no longer use is moved to one that lacks it (their files go with
   * them), and removed when none does or they have no mailbox left.
   */
  static void reconcile(ProjectionReader r, Partitions partitions, String userId)
      throws IOException {
    Set<String> wanted = new TreeSet<>();
    for (MailboxRecord m :
        r.mailboxes(MailboxNames.USER_PREFIX + userId + MailboxNames.SEPARATOR)) {
      if (partitions.exists(m.partition())) {
        wanted.add(m.partition());
      }
    }
    List<Path> left = new java.util.ArrayList<>();
    for (Map.Entry<String, Path> p : partitions.paths().entrySet()) {
      Path dir = StoreLayout.userDirectory(p.getValue(), userId);
      if (!wanted.contains(p.getKey()) && Files.isDirectory(dir)) {
        left.add(dir);
      }
    }
    for (String p : wanted) {
      Path dir = StoreLayout.userDirectory(partitions.path(p), userId);
      if (Files.isDirectory(dir)) {
        continue;
      }
      FileModes.createDirectories(dir.getParent());
      if (left.isEmpty()) {
        Files.createDirectory(dir);
      } else {
        move(left.remove(0), dir);
      }
    }
    for (Path dir : left) {
      FileTrees.delete(dir);
    }
  }

  /** Moves a directory tree, copying it when it is on another file system. */
  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to);
      return;
    } catch (IOException acrossFileSystems) {
      // A non-empty directory cannot be moved to another file store: copy it, then delete it.
    }
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          FileModes.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    FileTrees.delete(from);
  }
}
