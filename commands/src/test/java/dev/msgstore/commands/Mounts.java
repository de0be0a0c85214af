package dev.msgstore.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** mount(8) for the tests that need a read-only or small file system: root only, else skipped. */
public final class Mounts {
  private Mounts() {}

  /** Runs {@code mount args}, or skips the test with a message when it is not permitted here. */
  public static void mountOrSkip(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("mount"));
    cmd.addAll(List.of(args));
    int rc = exec(cmd);
    Assumptions.assumeTrue(
        rc == 0, "skipped: mounting is not permitted here (needs root): " + String.join(" ", cmd));
  }

  /** Binds {@code dir} read-only at {@code at}, or skips the test. */
  public static void bindReadOnly(Path dir, Path at) throws Exception {
    mountOrSkip("--bind", dir.toString(), at.toString());
    try {
      mountOrSkip("-o", "remount,ro,bind", at.toString());
    } catch (Exception | Error e) {
      umount(at);
      throw e;
    }
  }

  public static void umount(Path p) throws Exception {
    exec(List.of("umount", p.toString()));
  }

  private static int exec(List<String> cmd) throws Exception {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return -1;
      }
      return p.exitValue();
    } catch (IOException e) {
      return -1; // no mount(8) at all
    }
  }
}
