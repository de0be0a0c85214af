package dev.msgstore.projections.lmdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The kernel's id of this boot. LMDB environments opened without sync can be damaged by a power
 * cut, so a cache stamped with another boot's id is rebuilt rather than trusted.
 */
public final class BootId {
  private static final Path SOURCE = Path.of("/proc/sys/kernel/random/boot_id");

  private BootId() {}

  public static String current() {
    try {
      return Files.readString(SOURCE, StandardCharsets.US_ASCII).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
