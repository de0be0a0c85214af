package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's fsyncs of its cycle files, with fsyncs that fail as a disk or an interrupt can. */
class CycleFilesTest {
  @TempDir Path dir;

  @Test
  void afterAnFsyncsIoErrorNoSyncSucceedsAgainInThisProcess() throws IOException {
    File file = Files.createFile(dir.resolve("20261204F.cq4")).toFile();
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicInteger fsyncs = new AtomicInteger();
    Journal.CycleFiles files =
        new Journal.CycleFiles(
            dir,
            cycle -> file,
            (ch, metadata) -> {
              fsyncs.incrementAndGet();
              if (failing.get()) {
                throw new IOException("Input/output error");
              }
              ch.force(metadata);
            });
    files.written(1);
    assertTrue(files.failedFsync().isEmpty());
    assertEquals(
        "Input/output error", assertThrows(IOException.class, files::syncWritten).getMessage());
    // the disk answers again: an fsync now would succeed without the pages the error dropped
    failing.set(false);
    files.written(1);
    IOException later = assertThrows(IOException.class, files::syncWritten);
    assertTrue(later.getMessage().contains("an earlier fsync of the journal"), later.getMessage());
    assertEquals(1, fsyncs.get(), "no fsync runs after the error: its success would prove nothing");
    assertEquals("Input/output error", files.failedFsync().orElseThrow().getMessage());
    files.closeChannels();
  }

  @Test
  void anFsyncCutByAnInterruptLeavesItsCycleForTheNextSync() throws IOException {
    File file = Files.createFile(dir.resolve("20261204F.cq4")).toFile();
    AtomicBoolean interrupting = new AtomicBoolean(true);
    AtomicInteger fsyncs = new AtomicInteger();
    Journal.CycleFiles files =
        new Journal.CycleFiles(
            dir,
            cycle -> file,
            (ch, metadata) -> {
              fsyncs.incrementAndGet();
              if (interrupting.getAndSet(false)) {
                ch.close(); // what an interrupt of the fsyncing thread does to its channel
                throw new ClosedChannelException();
              }
              ch.force(metadata);
            });
    files.written(1);
    assertThrows(ClosedChannelException.class, files::syncWritten);
    files.syncWritten(); // the cycle stayed unsynced: this sync opens the file again and fsyncs it
    assertEquals(3, fsyncs.get(), "the cut fsync, the file's, and its new directory entry's");
    files.syncWritten(); // nothing written since: nothing to do
    assertEquals(3, fsyncs.get());
    assertTrue(files.failedFsync().isEmpty(), "an interrupt is no disk error");
    files.closeChannels();
  }
}
