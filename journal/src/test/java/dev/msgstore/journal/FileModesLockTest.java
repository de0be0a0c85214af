package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Giving a store its modes must not drop a lock this process holds on one of its files (the
 * daemon's run/daemon.lock, projections.inuse): a POSIX lock goes with any close of the file in the
 * process, so a mode is set by path, never through an open. The kernel's table says who holds what.
 */
class FileModesLockTest {
  @TempDir Path dir;

  @Test
  void conformingTheTreeKeepsThisProcesssLockOnAFileInIt() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/locks")), "no /proc/locks here");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path f = dir.resolve("held.lock");
    Files.createFile(f);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      long inode = (Long) Files.getAttribute(f, "unix:ino");
      assertTrue(lock.isValid() && held(inode), "locked");
      FileModes.conform(dir, FileModes.PRIVATE);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      assertTrue(held(inode), "the lock survives the change of mode");
    }
  }

  private static boolean held(long inode) throws Exception {
    String pid = " " + ProcessHandle.current().pid() + " ";
    return Files.readAllLines(Path.of("/proc/locks")).stream()
        .anyMatch(l -> l.contains(pid) && l.contains(":" + inode + " "));
  }
}
