package dev.msgstore.commands.bench;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import dev.msgstore.journal.FileTrees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The most durable deliveries a second this machine's disk allows, whatever the store's code: each
 * message's body is written to one file and group-fsynced, and only then a commit of the journal's
 * size is written to another and group-fsynced, in the order docs/DURABILITY.md gives a delivery,
 * with nothing else (no hashing, no index, no projections, no journal format). Both files are
 * preallocated, which makes their fsyncs cheaper than the journal's: the figure is a ceiling, and
 * the delivery bench's own figure is read against it. The same without the order (both fsyncs at
 * once) shows what the order costs.
 */
final class DiskCeiling {
  private DiskCeiling() {}

  /**
   * About a delivery's commit with its frame (a journal of 650 such took 124 KB, index included).
   */
  static final int COMMIT_BYTES = 256;

  /** Bytes written and fsynced in groups: a writer waits until a sync covers what it wrote. */
  private static final class GroupSyncedFile implements AutoCloseable {
    private final FileChannel channel;
    private final Object lock = new Object();
    private long end; // bytes written so far
    private long synced; // bytes a finished fsync covered
    private boolean syncing;
    private long fsyncs;

    GroupSyncedFile(Path path, long preallocate) throws IOException {
      channel = FileChannel.open(path, CREATE_NEW, READ, WRITE);
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (long at = 0; at < preallocate; at += zeros.capacity()) {
        zeros.clear().limit((int) Math.min(zeros.capacity(), preallocate - at));
        while (zeros.hasRemaining()) {
          channel.write(zeros, at + zeros.position());
        }
      }
      channel.force(true);
    }

    /** Writes {@code b}; returns the end of what it wrote, for {@link #awaitSynced}. */
    long write(ByteBuffer b) throws IOException {
      synchronized (lock) {
        // Written under the lock, as the store appends: an fsync then covers every byte handed out.
        while (b.hasRemaining()) {
          channel.write(b, end + b.position());
        }
        end += b.limit();
        return end;
      }
    }

    /** Returns once an fsync that began after the bytes up to {@code mine} were written ended. */
    void awaitSynced(long mine) throws IOException, InterruptedException {
      while (true) {
        long covers;
        synchronized (lock) {
          if (synced >= mine) {
            return;
          }
          if (syncing) {
            lock.wait();
            continue;
          }
          syncing = true;
          covers = end;
        }
        try {
          channel.force(false);
        } finally {
          synchronized (lock) {
            syncing = false;
            synced = Math.max(synced, covers);
            fsyncs++;
            lock.notifyAll();
          }
        }
      }
    }

    long fsyncs() {
      synchronized (lock) {
        return fsyncs;
      }
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Messages a second, the process's CPU (every thread) and the fsyncs each file took. */
  record Figures(
      int writers,
      int messages,
      double seconds,
      long cpuNanos,
      long bodyFsyncs,
      long commitFsyncs) {
    double perSecond() {
      return messages / seconds;
    }

    double cpuMicrosPerMessage() {
      return cpuNanos / 1e3 / messages;
    }
  }

  /**
   * Runs {@code messages} deliveries of the delivery bench's body sizes with {@code writers}
   * threads in a scratch directory under {@code dir}, removed afterwards. {@code ordered}: each
   * commit is written once its body is durable, as msgstore does; otherwise body and commit are
   * written together and both fsyncs awaited at once, an order msgstore does not use (a power cut
   * could then keep a commit whose body it took), measured to show what the order costs.
   */
  static Figures run(
      Path dir, int writers, int messages, int commitBytes, boolean ordered, long seed)
      throws Exception {
    int[] sizes = new int[messages];
    BodySizes drawn = new BodySizes(seed);
    long bodyBytes = 0;
    for (int i = 0; i < messages; i++) {
      sizes[i] = drawn.next();
      bodyBytes += sizes[i];
    }
    Path scratch = Files.createTempDirectory(Files.createDirectories(dir), "disk-ceiling");
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    ExecutorService sides = Executors.newFixedThreadPool(writers);
    try (GroupSyncedFile bodies = new GroupSyncedFile(scratch.resolve("bodies"), bodyBytes);
        GroupSyncedFile commits =
            new GroupSyncedFile(scratch.resolve("commits"), (long) commitBytes * messages)) {
      AtomicInteger next = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      long cpu0 = DeliveryBench.processCpuNanos();
      long start = System.nanoTime();
      for (int w = 0; w < writers; w++) {
        done.add(
            pool.submit(
                () -> {
                  ByteBuffer body = ByteBuffer.allocate(50 * 1024);
                  ByteBuffer commit = ByteBuffer.allocate(commitBytes);
                  for (int i = next.getAndIncrement(); i < messages; i = next.getAndIncrement()) {
                    body.clear().limit(sizes[i]);
                    long bodyEnd = bodies.write(body);
                    if (ordered) {
                      bodies.awaitSynced(bodyEnd);
                      commits.awaitSynced(commits.write(commit.clear()));
                    } else {
                      long commitEnd = commits.write(commit.clear());
                      // both fsyncs at once: the commit's on a thread of its own meanwhile
                      Future<?> commitSynced =
                          sides.submit(
                              () -> {
                                commits.awaitSynced(commitEnd);
                                return null;
                              });
                      bodies.awaitSynced(bodyEnd);
                      commitSynced.get();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long cpu = DeliveryBench.processCpuNanos() - cpu0;
      return new Figures(writers, messages, seconds, cpu, bodies.fsyncs(), commits.fsyncs());
    } finally {
      pool.shutdown();
      sides.shutdown();
      FileTrees.delete(scratch);
    }
  }
}
