package dev.msgstore.services.daemon;

import dev.msgstore.store.StoreLayout;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The daemon's files under a store root: {@code run/daemon.lock} (held while a daemon runs: the one
 * fact that says one does, whatever pid file is left), {@code run/daemon.pid}, {@code
 * run/control.sock} (the control channel, 0600), and {@code log/}.
 */
public record RunDir(Path root) {
  public RunDir {
    root = root.toAbsolutePath().normalize();
  }

  public Path run() {
    return root.resolve("run");
  }

  public Path lock() {
    return run().resolve("daemon.lock");
  }

  public Path pidFile() {
    return run().resolve("daemon.pid");
  }

  public Path control() {
    return run().resolve("control.sock");
  }

  /** The LMTP component's UNIX domain socket (mode 0660), the local MTA's and deliver's way in. */
  public Path lmtpSocket() {
    return run().resolve("lmtp.sock");
  }

  public Path log() {
    return StoreLayout.log(root);
  }

  /** What the daemon started in the background writes before its logging is set up. */
  public Path startLog() {
    return log().resolve("start.out");
  }

  /**
   * The pid of the daemon running on this store, or empty when none holds the lock (a pid file left
   * by one that was killed says nothing).
   */
  public OptionalLong runningPid() throws IOException {
    if (!Files.exists(lock())) {
      return OptionalLong.empty();
    }
    try (FileChannel ch = FileChannel.open(lock(), StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return OptionalLong.of(ProcessHandle.current().pid()); // this JVM runs it
      }
      if (probe != null) {
        probe.release();
        return OptionalLong.empty();
      }
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    }
    // held: the daemon writes its pid right after taking the lock
    for (int i = 0; i < 50; i++) {
      try {
        String s = Files.readString(pidFile(), StandardCharsets.US_ASCII).strip();
        if (!s.isEmpty()) {
          return OptionalLong.of(Long.parseLong(s));
        }
      } catch (NoSuchFileException | NumberFormatException e) {
        // being written
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return OptionalLong.of(-1);
  }
}
