package dev.msgstore.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named partitions and their paths: {@code primary} under the store root unless configured, and
 * every {@code store.partition.<name>.path} option. Relative paths are under the store root.
 */
public record Partitions(Map<String, Path> paths) {
  public static final String DEFAULT = "primary";
  static final String OPTION_PREFIX = "store.partition.";
  static final String OPTION_SUFFIX = ".path";

  public Partitions {
    paths = Map.copyOf(paths);
  }

  public static Partitions of(Path root, Map<String, String> config) {
    Map<String, Path> out = new TreeMap<>();
    out.put(DEFAULT, root.resolve("partition").resolve(DEFAULT));
    config.forEach(
        (name, value) -> {
          if (name.startsWith(OPTION_PREFIX) && name.endsWith(OPTION_SUFFIX)) {
            String partition =
                name.substring(OPTION_PREFIX.length(), name.length() - OPTION_SUFFIX.length());
            if (!partition.isEmpty() && !partition.contains(".")) {
              out.put(partition, root.resolve(value));
            }
          }
        });
    return new Partitions(out);
  }

  public boolean exists(String name) {
    return paths.containsKey(name);
  }

  public Path path(String name) {
    Path p = paths.get(name);
    if (p == null) {
      throw Rejected.notFound("no such partition: " + name);
    }
    return p;
  }
}
