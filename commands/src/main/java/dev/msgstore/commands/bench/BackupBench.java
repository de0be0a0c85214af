package dev.msgstore.commands.bench;

import dev.msgstore.journal.Author;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code bench --only backup}: imsbackup and imsrestore, each in a fresh JVM as an administrator
 * runs them, over a store of messages of 2–50 KB, in MB of message bodies a second; beside them the
 * same disk's raw sequential write (fsynced) and read rate of as many bytes, measured in the same
 * run, which bounds what any backup could do.
 */
final class BackupBench {
  private BackupBench() {}

  static void run(PrintWriter out, Path dir, int messages, int users) throws Exception {
    Path source = dir.resolve("source");
    long bytes = build(source, messages, users);
    double mb = bytes / 1e6;
    out.printf(
        "backup: %d messages of 2-50 KB (%.1f MB) in %d users' INBOXes; load average %s%n",
        messages, mb, users, load());
    double[] disk = disk(dir.resolve("raw"), bytes);
    out.printf(
        "  raw disk, %.1f MB: sequential write + fsync %.1f MB/s, read %.1f MB/s (page cache"
            + " as warm as the backup's)%n",
        mb, mb / disk[0], mb / disk[1]);
    Path stream = dir.resolve("all.bak");
    FreshJvm.Run b =
        FreshJvm.runOk(
            null, "imsbackup", "--store", source.toString(), "-f", stream.toString(), "/");
    line(out, "imsbackup / (gzip)", b, mb, Files.size(stream), messages);
    Path plain = dir.resolve("plain.bak");
    FreshJvm.Run p =
        FreshJvm.runOk(
            null,
            "imsbackup",
            "--store",
            source.toString(),
            "-f",
            plain.toString(),
            "--no-compress",
            "/");
    line(out, "imsbackup / --no-compress", p, mb, Files.size(plain), messages);
    Files.delete(plain);
    FreshJvm.Run r =
        FreshJvm.runOk(
            null,
            "imsrestore",
            "--store",
            dir.resolve("target").toString(),
            "-v",
            "0",
            "-f",
            stream.toString());
    line(out, "imsrestore into an empty store", r, mb, -1, messages);
    out.flush();
  }

  private static void line(
      PrintWriter out, String what, FreshJvm.Run run, double mb, long size, int messages) {
    out.printf(
        "  %-32s %6.1f MB/s  (%.2f s wall, %.2f s CPU, %.1f µs CPU/message%s)%n",
        what,
        mb / run.wallSeconds(),
        run.wallSeconds(),
        run.cpuSeconds(),
        run.cpuSeconds() * 1e6 / messages,
        size < 0 ? "" : String.format(", stream %.1f MB", size / 1e6));
  }

  /** {@code messages} messages appended by 8 writers (group commit); returns their bytes. */
  static long build(Path root, int messages, int users) throws Exception {
    Author a = Author.of("bench", "msgstore bench backup");
    int writers = 8;
    try (Store s = Store.open(root)) {
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      List<Future<Long>> fs = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        fs.add(
            pool.submit(
                () -> {
                  BodySizes sizes = new BodySizes(77 + writer);
                  long bytes = 0;
                  for (int i = writer; i < messages; i += writers) {
                    int user = 1 + i % users;
                    byte[] msg = BodySizes.message(sizes.next(), "u" + user, 500_000_000L + i);
                    s.append(
                        a,
                        "user/u" + user + "/INBOX",
                        new ByteArrayInputStream(msg),
                        AppendOptions.DEFAULT.creating());
                    bytes += msg.length;
                  }
                  return bytes;
                }));
      }
      long bytes = 0;
      for (Future<Long> f : fs) {
        bytes += f.get();
      }
      pool.shutdown();
      return bytes;
    }
  }

  /** Seconds to write {@code bytes} sequentially and fsync, then to read them back. */
  static double[] disk(Path file, long bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
    byte[] fill = BodySizes.message(1 << 20, "raw", 1);
    buf.put(fill, 0, Math.min(fill.length, buf.capacity())).flip();
    long t0 = System.nanoTime();
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (long left = bytes; left > 0; ) {
        buf.rewind();
        buf.limit((int) Math.min(buf.capacity(), left));
        left -= ch.write(buf);
      }
      ch.force(true);
    }
    double write = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = new byte[1 << 20];
      while (in.read(b) > 0) {
        // read through
      }
    }
    double read = (System.nanoTime() - t1) / 1e9;
    Files.delete(file);
    return new double[] {write, read};
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
