package dev.msgstore.services.daemon;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The port a service listens on when its option leaves it unset (or 0): one chosen for the store,
 * the same at every start (so a Prometheus target or a test client keeps working), unprivileged,
 * and different for two stores on one machine. The catalog keeps no default port of the reference's
 * (143, 110, 80...): those need root and another configuration.
 */
public final class StorePorts {
  /** The range chosen ports fall in: above the usual registered services, below ephemeral. */
  public static final int FIRST = 20_000;

  public static final int COUNT = 10_000;

  private StorePorts() {}

  public static int chosen(Path root, String service) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (root.toAbsolutePath().normalize() + "\0" + service)
                      .getBytes(StandardCharsets.UTF_8));
      return FIRST + Math.floorMod(ByteBuffer.wrap(h).getInt(), COUNT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
