package dev.msgstore.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.msgstore.commands.Main;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script killed with SIGKILL in the middle of its work loses nothing a verb had returned from:
 * the script prints each folder's name once {@code mboxutil.create} returns, and every name printed
 * before the kill is in the store when it is opened again, without repair.
 */
class ScriptCrashTest {
  @TempDir Path dir;

  @Test
  void everyCommitAScriptWasToldOfSurvivesKillNine() throws Exception {
    Path store = dir.resolve("store");
    Store.open(store).close();
    Launcher joe = Launcher.run("mboxutil", "--store", store.toString(), "-c", "user/joe/INBOX");
    assertEquals(0, joe.exit(), joe.err());
    Path script = dir.resolve("folders.groovy");
    Files.writeString(
        script,
        """
        int start = args[0] as int
        for (int i = start; ; i++) {
          mboxutil.create("user/joe/F${i}")
          println "user/joe/F${i}"
        }
        """);
    Random random = new Random(42);
    List<String> acknowledged = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      int killAfter = 10 + random.nextInt(60);
      Process p = start(store, script, String.valueOf(round * 100_000));
      try (BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = 0;
        while (seen < killAfter) {
          String line = out.readLine();
          if (line == null || System.nanoTime() > deadline) {
            fail("the script ended or stalled after " + seen + " folders");
          }
          acknowledged.add(line);
          seen++;
        }
        p.destroyForcibly(); // SIGKILL mid-loop: no shutdown hooks, no flushes
        p.waitFor();
      }
      try (Store s = Store.open(store);
          ProjectionReader r = s.read()) {
        for (String name : acknowledged) {
          assertTrue(r.mailbox(name).isPresent(), "lost after kill -9: " + name);
        }
      }
    }
  }

  private static Process start(Path store, Path script, String arg) throws IOException {
    List<String> cmd =
        ChildJava.command(
            List.of("-Xmx256m"),
            Main.class.getName(),
            "run",
            "--store",
            store.toString(),
            script.toString(),
            arg);
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
