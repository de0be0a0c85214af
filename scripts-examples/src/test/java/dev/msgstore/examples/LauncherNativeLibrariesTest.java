package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher's verbs load LMDB's and jffi's native libraries from the files the build took
 * out of their jars, and write no copy of either to the temporary directory (a copy per JVM cost a
 * short verb 10 to 15 ms, and each JVM killed left its copies there): a store opens with no
 * temporary directory at all, where lmdbjava and jffi refuse to extract theirs.
 */
class LauncherNativeLibrariesTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path NATIVE = ROOT.resolve("scripting/target/launcher-lib/native");

  @TempDir Path dir;

  private String launcher(Path tmp, String... args) throws IOException, InterruptedException {
    Path out = dir.resolve(".out");
    ProcessBuilder pb =
        new ProcessBuilder(
                Stream.concat(Stream.of(ROOT.resolve("msgstore").toString()), Stream.of(args))
                    .toList())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().put("MSGSTORE_JAVA_OPTS", "-Xlog:library=info -Djava.io.tmpdir=" + tmp);
    pb.environment().remove("MSGSTORE_HOME");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("msgstore " + String.join(" ", args) + " did not finish");
    }
    String text = Files.readString(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), text);
    return text;
  }

  @Test
  void aStoreOpensWithTheLibrariesTheBuildTookOut() throws Exception {
    assumeTrue(
        LauncherAotCacheTest.launcherIsCurrent(),
        "the launcher is not built from these sources (mvn package)");
    Path tmp = dir.resolve("no-such-directory");
    String store = dir.resolve("store").toString();
    launcher(tmp, "mboxutil", "-c", "user/joe/INBOX", "--store", store);

    String log = launcher(tmp, "mboxutil", "-l", "--store", store);

    assertTrue(log.contains(" user/joe/INBOX"), log);
    // jffi's library through System.load, which the JVM logs (jffi opens LMDB's itself)
    List<String> jffi =
        log.lines()
            .filter(l -> l.contains("Loaded library") && l.contains("jffi"))
            .map(l -> l.replaceAll(".*Loaded library (\\S+),.*", "$1"))
            .toList();
    assertEquals(List.of(NATIVE.resolve(System.mapLibraryName("jffi-1.2")).toString()), jffi, log);
    assertFalse(Files.exists(tmp));
  }
}
