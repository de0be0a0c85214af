package dev.msgstore.commands.imsasm;

import dev.msgstore.commands.imsbackup.BackupGroups;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxRecord;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a path of mkbackupdir's tree ({@code partition/group/user/folder}) stands for in the store.
 * The tree's root is wherever it was made, so a path is read from its end: the nearest ancestor
 * that is a user of the store, under the directory of that user's backup group, under the directory
 * of the user's partition, is the user's directory; what lies below it is a folder ({@code
 * folder.msg} for one with subfolders). A path that stands for nothing in the store is not a
 * mailbox of it.
 */
final class BackupTree {
  /** A path's object: an account ({@code folder} empty) or one of its mailboxes. */
  record Target(String user, String folder, int depth, MailboxRecord mailbox) {
    boolean account() {
      return folder.isEmpty();
    }
  }

  private final ProjectionReader view;
  private final BackupGroups groups;
  private final NameCodec codec;

  BackupTree(ProjectionReader view, BackupGroups groups, NameCodec codec) {
    this.view = view;
    this.groups = groups;
    this.codec = codec;
  }

  Optional<Target> resolve(Path path) {
    Path abs = path.toAbsolutePath().normalize();
    for (Path a = abs;
        a.getFileName() != null
            && a.getParent() != null
            && a.getParent().getFileName() != null
            && a.getParent().getParent() != null
            && a.getParent().getParent().getFileName() != null; ) {
      String user = a.getFileName().toString();
      String group = a.getParent().getFileName().toString();
      String partition = a.getParent().getParent().getFileName().toString();
      if (isUserDirectory(user, group, partition)) {
        Path rel = a.relativize(abs);
        if (rel.toString().isEmpty()) {
          return Optional.of(new Target(user, "", 0, null));
        }
        return folder(user, rel).map(m -> new Target(user, m.folder, rel.getNameCount(), m.record));
      }
      a = a.getParent();
    }
    return Optional.empty();
  }

  private boolean isUserDirectory(String user, String group, String partition) {
    if (!groups.groupOf(user).map(group::equals).orElse(false)) {
      return false;
    }
    String actual =
        view.user(user)
            .map(u -> u.partition())
            .or(() -> view.mailbox(MailboxNames.inboxOf(user)).map(MailboxRecord::partition))
            .orElse(null);
    return partition.equals(actual);
  }

  private record Folder(String folder, MailboxRecord record) {}

  private Optional<Folder> folder(String user, Path rel) {
    String shown = rel.toString().replace(rel.getFileSystem().getSeparator(), "/");
    String prefix = MailboxNames.USER_PREFIX + user + "/";
    Optional<MailboxRecord> m =
        view.mailbox(MailboxNames.canonical(prefix + codec.toInternal(shown)));
    if (m.isEmpty() && shown.endsWith(".msg")) {
      String parent = codec.toInternal(shown.substring(0, shown.length() - 4));
      m = view.mailbox(MailboxNames.canonical(prefix + parent));
    }
    return m.map(r -> new Folder(r.name().substring(prefix.length()), r));
  }
}
