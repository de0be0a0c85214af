package dev.msgstore.commands.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a server process, from Linux's {@code /proc/PID/stat}: user + system time of the
 * process, of its children it has reaped, and of its descendants alive now. A child that ends
 * between two readings moves its time from the live sum to its parent's reaped sum, so the
 * difference of two readings stays right for a server that forks workers (Dovecot) as for one
 * process (msgstore's daemon).
 */
final class ProcessCpu {
  /** {@code /proc}'s clock ticks a second (USER_HZ): 100 on every Linux architecture in use. */
  static final double TICKS = 100;

  private ProcessCpu() {}

  /** Whether this system has {@code /proc/PID/stat} to read. */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }

  /** Seconds of CPU used so far by {@code pid} and its descendants. */
  static double seconds(long pid) throws IOException {
    double total = ticks(pid, true);
    for (ProcessHandle d :
        ProcessHandle.of(pid).map(p -> p.descendants().toList()).orElse(java.util.List.of())) {
      try {
        total += ticks(d.pid(), false);
      } catch (IOException gone) {
        // it ended meanwhile: its time is in its parent's reaped sum (or will be)
      }
    }
    return total / TICKS;
  }

  /** utime + stime (+ cutime 16 + cstime 17 when {@code reaped}) of one process, in ticks. */
  private static long ticks(long pid, boolean reaped) throws IOException {
    String[] f = fieldsAfterName(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    long t = cpuTicks(f);
    if (reaped) {
      t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
    }
    return t;
  }

  /**
   * The fields of a {@code stat} line (a process's or a thread's) after its name: the name (field
   * 2) is in parentheses and may hold spaces, so fields count after it; state is field 3.
   */
  static String[] fieldsAfterName(String stat) {
    return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
  }

  /** utime (field 14) + stime (15) of {@link #fieldsAfterName}, in ticks. */
  static long cpuTicks(String[] fieldsAfterName) {
    return Long.parseLong(fieldsAfterName[11]) + Long.parseLong(fieldsAfterName[12]);
  }
}
