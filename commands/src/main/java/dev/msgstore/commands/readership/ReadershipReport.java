package dev.msgstore.commands.readership;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.SharedAccess;
import dev.msgstore.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts, for every shared folder, the users other than its owner whose last access is at or after
 * a cut-off. A folder is shared when it is not a personal mailbox ({@code user/...}) or when its
 * ACL grants rights to an identifier other than its owner. Shared folders no one opened are listed
 * with 0, so that the administrator also sees the folders nobody reads.
 */
final class ReadershipReport {
  private ReadershipReport() {}

  static List<SharedFolderReaders> count(Store store, Names names, long sinceMicros) {
    List<SharedFolderReaders> rows = new ArrayList<>();
    try (ProjectionReader r = store.read()) {
      r.forEachMailbox(
          "",
          m -> {
            if (shared(r, m)) {
              rows.add(
                  new SharedFolderReaders(names.toDisplay(m.name()), readers(r, m, sinceMicros)));
            }
            return true;
          });
    }
    return rows;
  }

  static boolean shared(ProjectionReader r, MailboxRecord m) {
    Optional<String> owner = m.owner();
    if (owner.isEmpty()) {
      return true;
    }
    for (AclEntry e : r.acl(m.id())) {
      if (!e.identifier().equals(owner.get())) {
        return true;
      }
    }
    return false;
  }

  private static int readers(ProjectionReader r, MailboxRecord m, long sinceMicros) {
    Optional<String> owner = m.owner();
    int n = 0;
    for (SharedAccess a : r.readership(m.id())) {
      // The owner's access is never recorded; checked again for journals written otherwise.
      if (a.lastMicros() >= sinceMicros && !owner.map(a.userId()::equals).orElse(false)) {
        n++;
      }
    }
    return n;
  }
}
