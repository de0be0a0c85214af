package dev.msgstore.store.purge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The purge session lock: one purge at a time per store, whoever runs it ({@code impurge}, the
 * daemon's {@code purge} component, a script). A file lock under {@code run/}, so it is released
 * when its holder dies, {@code kill -9} included.
 */
public final class PurgeLock implements AutoCloseable {
  /** The reference's words (impurge), for whoever finds the lock taken. */
  public static final String BUSY =
      "General Error: Could not get purge session lock. Possibly another impurge is running";

  private final FileChannel channel;
  private final FileLock lock;

  private PurgeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or throws {@link Busy} at once: a purge never waits for another. */
  public static PurgeLock take(Path storeRoot) {
    Path file = storeRoot.resolve("run").resolve("purge.lock");
    FileChannel ch = null;
    try {
      Files.createDirectories(file.getParent());
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new Busy();
      }
      return new PurgeLock(ch, l);
    } catch (OverlappingFileLockException e) { // held in this JVM (the daemon and a script)
      close(ch);
      throw new Busy();
    } catch (IOException e) {
      close(ch);
      throw new UncheckedIOException("cannot take the purge session lock " + file, e);
    } catch (RuntimeException e) {
      close(ch);
      throw e;
    }
  }

  private static void close(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing was locked through it
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Another purge holds the lock. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy() {
      super(BUSY);
    }
  }
}
