package dev.msgstore.commands.journal;

import dev.msgstore.commands.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Locale;

/**
 * One filtered {@code journal}'s timing, from inside its process, appended as a line to a file
 * ({@link JournalCommand#TIMING}): what bench --only audit reports of a fresh JVM's first query.
 * Taken after the last line is printed, so it costs the query nothing.
 */
final class QueryTiming {
  private QueryTiming() {}

  static void append(Path file, long verbStarted, long indexOpened, long ended, boolean alone) {
    long nowMillis = System.currentTimeMillis();
    long nowNanos = System.nanoTime();
    long mainMillis = nowMillis - (nowNanos - Main.STARTED_NANOS) / 1_000_000;
    long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
    // the launcher script execs the JVM: the process started when the script did
    long processStart =
        ProcessHandle.current().info().startInstant().map(Instant::toEpochMilli).orElse(jvmStart);
    String line =
        String.format(
            Locale.ROOT,
            "main to last line %.1f ms (picocli to the verb %.1f ms, the verb %.1f ms: %s, the"
                + " index opened %.1f ms, then %.1f ms); start-up before main %d ms (launcher"
                + " script %d ms, JVM %d ms)%n",
            (ended - Main.STARTED_NANOS) / 1e6,
            (verbStarted - Main.STARTED_NANOS) / 1e6,
            (ended - verbStarted) / 1e6,
            alone
                ? "from the index alone (commits read and shown after it)"
                : "the index was behind (the store opened and the index caught up after it)",
            (indexOpened - verbStarted) / 1e6,
            (ended - indexOpened) / 1e6,
            mainMillis - processStart,
            jvmStart - processStart,
            mainMillis - jvmStart);
    try {
      Files.writeString(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
