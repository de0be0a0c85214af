package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, as built, makes its AOT cache (JDK 25+) and its verbs start from it. A JVM
 * ignores a stale or mismatched cache without a word, and leaves out of it every class it cannot
 * hold (picocli's and ASM's were, until the build gave them newer class files): only its log tells,
 * so this reads it.
 */
class LauncherAotCacheTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CACHE = ROOT.resolve("scripting/target/msgstore-cli.aot");
  private static final Path REPLAY_CACHE = ROOT.resolve("scripting/target/msgstore-replay.aot");
  private static final String LOG = "-Xlog:aot=info -Xlog:class+load=info";

  @TempDir Path dir;

  private record Shell(int exit, String out) {}

  private Shell launcher(String javaOptions, String... args)
      throws IOException, InterruptedException {
    Path out = dir.resolve(".out");
    ProcessBuilder pb =
        new ProcessBuilder(
                Stream.concat(Stream.of(ROOT.resolve("msgstore").toString()), Stream.of(args))
                    .toList())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().put("MSGSTORE_JAVA_OPTS", javaOptions);
    pb.environment().remove("MSGSTORE_HOME");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("msgstore " + String.join(" ", args) + " did not finish");
    }
    return new Shell(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
  }

  /** The launcher builds when a source is newer than its class path: a test must not. */
  static boolean launcherIsCurrent() throws IOException {
    Path classpath = ROOT.resolve("scripting/target/launcher.classpath");
    if (!Files.exists(classpath)) {
      return false;
    }
    FileTime built = Files.getLastModifiedTime(classpath);
    for (String module : List.of("journal", "projections", "commands", "scripting", "services")) {
      if (Files.getLastModifiedTime(ROOT.resolve(module).resolve("pom.xml")).compareTo(built) > 0) {
        return false;
      }
      Path sources = ROOT.resolve(module).resolve("src/main");
      if (!Files.isDirectory(sources)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
          if (Files.getLastModifiedTime(f).compareTo(built) > 0) {
            return false;
          }
        }
      }
    }
    return Files.getLastModifiedTime(ROOT.resolve("pom.xml")).compareTo(built) <= 0;
  }

  private static int launchersJava() throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "bash",
                "-c",
                ". bin/lib/find-java.sh && msgstore_find_java"
                    + " && msgstore_java_major \"$JAVA_HOME/bin/java\"")
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out.matches("\\d+") ? Integer.parseInt(out) : 0;
  }

  /** Waits until the launcher's background recording of {@code cache} has ended and made it. */
  private static void awaitRecorded(Path cache) throws InterruptedException {
    Path lock = cache.resolveSibling(cache.getFileName() + ".lock");
    for (int i = 0; i < 600 && (Files.exists(lock) || !Files.exists(cache)); i++) {
      Thread.sleep(500);
    }
    assertTrue(
        Files.exists(cache), "the launcher made no " + cache.getFileName() + " in 5 minutes");
  }

  /** Lines of a class-load log whose class came from a jar or directory, not from the cache. */
  private static List<String> loadedFromTheClassPath(String log) {
    return log.lines()
        .filter(l -> l.contains("[class,load]") && l.contains("source: file:"))
        .toList();
  }

  @Test
  void theLaunchersVerbsStartFromTheAotCacheWhole() throws Exception {
    assumeTrue(launcherIsCurrent(), "the launcher is not built from these sources (mvn package)");
    assumeTrue(launchersJava() >= 25, "the launcher's AOT cache needs JDK 25 or newer");
    // the first brief verb after a build records the cache, in the background
    assertEquals(0, launcher("", "--version").exit());
    awaitRecorded(CACHE);

    Shell version = launcher(LOG, "--version");
    assertEquals(0, version.exit(), version.out());
    assertTrue(version.out().contains("Opened AOT cache " + CACHE), version.out());
    assertEquals(List.of(), loadedFromTheClassPath(version.out()));

    String store = dir.resolve("store").toString();
    assertEquals(0, launcher("", "mboxutil", "-c", "user/joe/INBOX", "--store", store).exit());
    Shell list = launcher(LOG, "mboxutil", "-l", "--store", store);
    assertEquals(0, list.exit(), list.out());
    assertTrue(list.out().contains(" user/joe/INBOX"), list.out());
    // a store opened: Chronicle, its native stubs made with ASM, LMDB
    assertTrue(list.out().contains("net.openhft.chronicle.core.Jvm source: shared"), list.out());
    assertEquals(List.of(), loadedFromTheClassPath(list.out()));
  }

  /** The verbs that replay the journal start from a cache of their own, recorded from a replay. */
  @Test
  void theReplayingVerbsStartFromACacheRecordedFromAReplay() throws Exception {
    assumeTrue(launcherIsCurrent(), "the launcher is not built from these sources (mvn package)");
    assumeTrue(launchersJava() >= 25, "the launcher's AOT cache needs JDK 25 or newer");
    String store = dir.resolve("store").toString();
    assertEquals(0, launcher("", "mboxutil", "-c", "user/joe/INBOX", "--store", store).exit());
    // the first replaying verb after a build records their cache, in the background
    assertEquals(0, launcher("", "reconstruct", "--help").exit());
    awaitRecorded(REPLAY_CACHE);

    Shell rebuild = launcher(LOG, "reconstruct", "-m", "--store", store);
    assertEquals(0, rebuild.exit(), rebuild.out());
    assertTrue(rebuild.out().contains("Opened AOT cache " + REPLAY_CACHE), rebuild.out());
    // the replay's own classes came from the cache: it was recorded from a replay
    assertTrue(
        rebuild.out().contains("dev.msgstore.projections.ReadAhead source: shared"), rebuild.out());
  }
}
