package dev.msgstore.commands.mboxutil;

import dev.msgstore.projections.model.AclEntry;
import java.util.List;

/**
 * One row of {@code mboxutil -l}: a mailbox as listed (name in the {@code -E} encoding). {@code
 * lastAppendMillis} is 0 when it never received a message; {@code quotaKbytes} is the owner's
 * storage limit on the INBOX row, -1 for none or on other rows. {@code path} and {@code acl} are
 * filled with {@code -x} only. For a deleted mailbox ({@code -D}) messages and bytes are unknown
 * (-1) and {@code deletedMicros} is when it was deleted, by {@code deletedBy}.
 */
public record MailboxRow(
    String mailbox,
    long messages,
    long bytes,
    long lastAppendMillis,
    String partition,
    long quotaKbytes,
    String path,
    List<AclEntry> acl,
    long deletedMicros,
    String deletedBy) {
  public MailboxRow {
    acl = acl == null ? null : List.copyOf(acl);
  }

  public boolean deleted() {
    return deletedMicros > 0;
  }
}
