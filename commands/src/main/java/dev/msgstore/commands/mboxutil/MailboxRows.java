package dev.msgstore.commands.mboxutil;

import dev.msgstore.journal.Commit;
import dev.msgstore.journal.Journal;
import dev.msgstore.journal.JournalCursor;
import dev.msgstore.journal.event.Event;
import dev.msgstore.journal.event.MailboxEvent;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rows {@code -l} lists: the selected live mailboxes from the projections, or ({@code -D}) the
 * deleted ones from the journal. Path and ACL are looked up only when {@code withPathAndAcl}.
 */
final class MailboxRows {
  private final Store store;
  private final NameCodec codec;
  private final Selection selection;
  private final boolean withPathAndAcl;

  MailboxRows(Store store, NameCodec codec, Selection selection, boolean withPathAndAcl) {
    this.store = store;
    this.codec = codec;
    this.selection = selection;
    this.withPathAndAcl = withPathAndAcl;
  }

  /**
   * Streams the selected mailboxes in name order, except that each user's INBOX comes first among
   * that user's mailboxes (as in the reference's example). Only one user's rows are held at once.
   */
  void forEachLive(Consumer<MailboxRow> sink) {
    Partitions partitions = withPathAndAcl ? store.partitions() : null;
    try (ProjectionReader r = store.read()) {
      List<MailboxRecord> block = new ArrayList<>();
      String[] blockOwner = {null};
      r.forEachMailbox(
          selection.scanPrefix(),
          m -> {
            if (!m.name().startsWith(selection.scanPrefix())) {
              return false;
            }
            if (!selection.matches(m.name())) {
              return true;
            }
            String owner = m.owner().orElse(null);
            if (!block.isEmpty() && (owner == null || !owner.equals(blockOwner[0]))) {
              flush(r, block, partitions, sink);
            }
            blockOwner[0] = owner;
            block.add(m);
            return true;
          });
      flush(r, block, partitions, sink);
    }
  }

  private void flush(
      ProjectionReader r,
      List<MailboxRecord> block,
      Partitions partitions,
      Consumer<MailboxRow> sink) {
    block.sort(Comparator.comparing((MailboxRecord m) -> !Mailboxes.isInbox(m.name())));
    for (MailboxRecord m : block) {
      sink.accept(row(r, m, partitions));
    }
    block.clear();
  }

  private MailboxRow row(ProjectionReader r, MailboxRecord m, Partitions partitions) {
    long quota = -1;
    if (Mailboxes.isInbox(m.name())) {
      long limit = r.quota(m.owner().orElseThrow()).limitBytes();
      quota = limit < 0 ? -1 : limit / 1024;
    }
    String path = null;
    List<AclEntry> acl = null;
    if (partitions != null) {
      path = StoreLayout.mailboxPath(partitions, m);
      acl = r.acl(m.id());
    }
    return new MailboxRow(
        codec.toDisplay(m.name()),
        m.messages(),
        m.bytes(),
        m.lastAppend(),
        m.partition(),
        quota,
        path,
        acl,
        0,
        null);
  }

  /**
   * {@code -D}: the journal is the record of deleted mailboxes. One scan keeps, per mailbox id,
   * only its current name and partition; a deleted mailbox's message counts are not kept (shown as
   * {@code -}) and the "last msg" column shows when it was deleted.
   */
  List<MailboxRow> deleted() {
    Map<Long, String> partitionOf = new HashMap<>();
    List<MailboxRow> rows = new ArrayList<>();
    try (JournalCursor cursor = store.journal().cursor()) {
      cursor.seekAfter(Journal.NO_INDEX);
      for (Commit c = cursor.next(); c != null; c = cursor.next()) {
        for (Event e : c.events()) {
          switch (e) {
            case MailboxEvent.Created cr ->
                partitionOf.put(cr.mailboxId(), cr.partition().intern());
            case MailboxEvent.Renamed rn ->
                partitionOf.put(rn.mailboxId(), rn.newPartition().intern());
            case MailboxEvent.Deleted d -> {
              String partition = partitionOf.remove(d.mailboxId());
              if (selection.matches(d.name())) {
                rows.add(
                    new MailboxRow(
                        codec.toDisplay(d.name()),
                        -1,
                        -1,
                        0,
                        partition == null ? "-" : partition,
                        -1,
                        null,
                        null,
                        Math.max(1, c.meta().timeMicros()),
                        c.meta().actor() + " (" + c.meta().origin() + ")"));
              }
            }
            default -> {}
          }
        }
      }
    }
    // As -l: each user's INBOX first, then name order; a name deleted twice, oldest first.
    rows.sort(
        Comparator.comparing(
                (MailboxRow row) ->
                    Mailboxes.isInbox(row.mailbox())
                        ? row.mailbox().substring(0, row.mailbox().length() - "INBOX".length())
                        : row.mailbox())
            .thenComparingLong(MailboxRow::deletedMicros));
    return rows;
  }
}
