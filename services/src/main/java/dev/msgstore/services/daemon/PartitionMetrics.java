package dev.msgstore.services.daemon;

import dev.msgstore.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Disk use per partition, read at each scrape: the bytes its body segments take, and the free and
 * total space of the file system it is on. Partitions are labelled by name; nothing per user.
 */
final class PartitionMetrics {
  private PartitionMetrics() {}

  static void bind(Store store, MeterRegistry registry) {
    store
        .partitions()
        .paths()
        .forEach(
            (name, path) -> {
              Tags tags = Tags.of("partition", name);
              gauge(
                  registry,
                  "msgstore.partition.bodies",
                  "Bytes the partition's body segments take on disk",
                  tags,
                  path,
                  PartitionMetrics::bodies);
              gauge(
                  registry,
                  "msgstore.partition.filesystem.free",
                  "Bytes free for an unprivileged user on the partition's file system",
                  tags,
                  path,
                  p -> space(p, true));
              gauge(
                  registry,
                  "msgstore.partition.filesystem.size",
                  "Size of the partition's file system",
                  tags,
                  path,
                  p -> space(p, false));
            });
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String description,
      Tags tags,
      Path path,
      ToDoubleFunction<Path> f) {
    Gauge.builder(name, path, f)
        .strongReference(true)
        .description(description)
        .tags(tags)
        .baseUnit("bytes")
        .register(registry);
  }

  private static double bodies(Path partition) {
    Path dir = partition.resolve("bodies");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(PartitionMetrics::size).sum();
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      return 0; // removed while walking
    }
  }

  private static double space(Path partition, boolean free) {
    Path p = partition;
    while (p != null && !Files.exists(p)) {
      p = p.getParent(); // a partition not written yet: the file system it will be on
    }
    if (p == null) {
      return Double.NaN;
    }
    try {
      FileStore fs = Files.getFileStore(p);
      return free ? fs.getUsableSpace() : fs.getTotalSpace();
    } catch (IOException e) {
      return Double.NaN;
    }
  }
}
