package dev.msgstore.commands.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * CPU time of this process's threads by kind, from Linux's {@code /proc/self/task}: every OS
 * thread, the JIT compiler's and the GC's too, which {@code ThreadMXBean} does not list. A run's
 * figure is the difference of two readings; a thread that ended between them is not counted (its
 * time is lost to the breakdown, not to the process's total).
 */
final class ThreadCpu {
  private final Map<Long, Long> ticksByThread;
  private final Map<Long, String> kindByThread;

  private ThreadCpu(Map<Long, Long> ticksByThread, Map<Long, String> kindByThread) {
    this.ticksByThread = ticksByThread;
    this.kindByThread = kindByThread;
  }

  /** Reads every thread of this process now, each named by {@code kind} from its OS name. */
  static ThreadCpu read(Function<String, String> kind) {
    Map<Long, Long> ticks = new HashMap<>();
    Map<Long, String> kinds = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path t : tasks) {
        try {
          String stat = Files.readString(t.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          long tid = Long.parseLong(t.getFileName().toString());
          ticks.put(tid, ProcessCpu.cpuTicks(ProcessCpu.fieldsAfterName(stat)));
          kinds.put(tid, kind.apply(name));
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException noProc) {
      // not Linux: an empty reading, and an empty breakdown
    }
    return new ThreadCpu(ticks, kinds);
  }

  /** Seconds of CPU by kind since {@code before}, largest first. */
  Map<String, Double> since(ThreadCpu before) {
    Map<String, Double> seconds = new HashMap<>();
    ticksByThread.forEach(
        (tid, t) -> {
          long d = t - before.ticksByThread.getOrDefault(tid, 0L);
          if (d > 0) {
            seconds.merge(kindByThread.get(tid), d / ProcessCpu.TICKS, Double::sum);
          }
        });
    Map<String, Double> sorted = new LinkedHashMap<>();
    seconds.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }
}
