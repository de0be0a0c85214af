package dev.msgstore.services.cli;

import dev.msgstore.journal.FileTrees;
import dev.msgstore.services.daemon.RunDir;
import dev.msgstore.services.daemon.Watcher;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.config.ConfigFiles;
import dev.msgstore.store.config.MsgConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * {@code stored -R}: removes what processes that are gone left behind, and nothing a live process
 * uses: the daemon's pid file and control socket when no daemon holds the lock, body spools ({@code
 * bodies/tmp/spool-PID-*}) and compaction copies ({@code projections.compact-PID}) whose process is
 * gone. Lock files stay: deleting one a process waits on would let two hold it.
 */
final class TempFiles {
  private TempFiles() {}

  record Removed(List<Path> paths, List<String> kept) {}

  static Removed remove(RunDir run) throws IOException {
    List<Path> removed = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    OptionalLong pid = DaemonProcess.running(run);
    if (pid.isEmpty() && Watcher.runningPid(run) < 0) {
      for (Path p : List.of(run.pidFile(), run.control(), run.run().resolve("watcher.pid"))) {
        if (Files.deleteIfExists(p)) {
          removed.add(p);
        }
      }
    } else {
      kept.add("kept " + run.run() + ": the daemon (pid " + pid.getAsLong() + ") runs");
    }
    Path projections = StoreLayout.projections(run.root());
    String compact = projections.getFileName() + ".compact-";
    for (Path p : list(projections.getParent())) {
      String name = p.getFileName().toString();
      if (name.startsWith(compact) && gone(name.substring(compact.length()))) {
        FileTrees.delete(p);
        removed.add(p);
      }
    }
    for (Path partition : partitions(run.root())) {
      for (Path p : list(partition.resolve("bodies").resolve("tmp"))) {
        String[] f = p.getFileName().toString().split("-");
        if (f.length >= 3 && f[0].equals("spool") && gone(f[1]) && Files.deleteIfExists(p)) {
          removed.add(p);
        }
      }
    }
    return new Removed(removed, kept);
  }

  /** The partitions msg.conf (the journal's configuration, written out) names, and the default. */
  private static List<Path> partitions(Path root) throws IOException {
    Path conf = ConfigFiles.overrides(root);
    Map<String, String> options = Map.of();
    if (Files.isRegularFile(conf)) {
      options = MsgConf.parse(Files.readAllLines(conf, StandardCharsets.UTF_8));
    }
    return List.copyOf(Partitions.of(root, options).paths().values());
  }

  private static List<Path> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  /** Whether the process named by {@code pid} has ended; a name that is no pid is not ours. */
  private static boolean gone(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).isEmpty();
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
