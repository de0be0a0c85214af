package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/lib/find-java.sh, as the launcher and build.sh source it, against a JDK whose {@code java}
 * counts its starts: each start is a JVM's worth of CPU on every verb.
 */
class FindJavaTest {
  static final Path FIND_JAVA = Path.of("..", "bin", "lib", "find-java.sh").toAbsolutePath();

  @TempDir Path tmp;
  Path jdk;
  Path starts;

  @BeforeEach
  void fakeJdk() throws IOException {
    jdk = tmp.resolve("jdk-23");
    starts = tmp.resolve("starts");
    Files.createDirectories(jdk.resolve("bin"));
    executable(
        jdk.resolve("bin/java"),
        "#!/bin/sh\necho start >>'"
            + starts
            + "'\necho '    java.specification.version = 23' >&2\n");
    executable(jdk.resolve("bin/javac"), "#!/bin/sh\n");
  }

  @Test
  void aJdkWithAReleaseFileIsNeverStarted() throws Exception {
    Files.writeString(
        jdk.resolve("release"),
        "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"23.0.2\"\nOS_NAME=\"Linux\"\n");
    assertEquals(List.of(jdk.toString(), "--sun-misc-unsafe-memory-access=allow"), findJava());
    assertEquals(0, starts());
  }

  @Test
  void withoutOneTheVersionIsAskedOncePerJavaAndAskedAgainWhenItChanges() throws Exception {
    List<String> expected = List.of(jdk.toString(), "--sun-misc-unsafe-memory-access=allow");
    assertEquals(expected, findJava());
    assertEquals(expected, findJava());
    assertEquals(1, starts(), "one start for two launcher runs, each asking twice");
    Files.setLastModifiedTime(
        jdk.resolve("bin/java"),
        FileTime.fromMillis(
            Files.getLastModifiedTime(jdk.resolve("bin/java")).toMillis() - 60_000));
    assertEquals(expected, findJava());
    assertEquals(2, starts(), "a java whose file changed is asked again");
    List<String> cache = Files.readAllLines(tmp.resolve("cache/msgstore/java-versions"));
    assertEquals(1, cache.size(), cache::toString);
  }

  @Test
  void aJdkTooOldIsPassedOver() throws Exception {
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"1.8.0_392\"\n");
    List<String> out = findJava();
    assertEquals(false, out.contains(jdk.toString()), out::toString);
  }

  /** Sources the script as the launcher does: JAVA_HOME found, then the Unsafe flag. */
  private List<String> findJava() throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder(
            "bash",
            "-c",
            "set -euo pipefail; . \"$1\"; msgstore_find_java || exit 0; echo \"$JAVA_HOME\";"
                + " msgstore_quiet_unsafe_flag",
            "find-java",
            FIND_JAVA.toString());
    pb.environment().put("JAVA_HOME", jdk.toString());
    pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    assertEquals(0, p.exitValue(), out);
    return out.lines().toList();
  }

  private int starts() throws IOException {
    return Files.exists(starts) ? Files.readAllLines(starts).size() : 0;
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
