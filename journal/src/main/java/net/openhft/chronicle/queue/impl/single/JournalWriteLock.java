package net.openhft.chronicle.queue.impl.single;

/**
 * Reaches the queue's cross-process write lock, which Chronicle keeps package-private. msgstore's
 * journal repairs a torn tail under it before an appender positions itself: Chronicle's own
 * appender, finding an incomplete header where its store says the last document is, writes
 * somewhere no reader will ever look (docs/DURABILITY.md).
 */
public final class JournalWriteLock {
  private JournalWriteLock() {}

  public static WriteLock of(SingleChronicleQueue queue) {
    return queue.writeLock();
  }
}
