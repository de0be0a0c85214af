package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A verb run through sudo is journalled as the person who ran it, beside the user it ran as. */
class SudoActorTest {
  @TempDir Path root;

  /** The launcher's run of {@code args} by {@code osUser} in {@code env}. */
  private Cli launch(String osUser, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        CliContext.launcher(
            new PrintWriter(out),
            new PrintWriter(err),
            InputStream.nullInputStream(),
            env,
            osUser,
            List.of(args));
    int code = Main.run(ctx, args);
    return new Cli(code, out.toString(), err.toString());
  }

  private Cli journal(String... filter) {
    String[] all = new String[filter.length + 3];
    all[0] = "journal";
    all[1] = "--store";
    all[2] = root.toString();
    System.arraycopy(filter, 0, all, 3, filter.length);
    return Cli.run(all);
  }

  @Test
  void journalNamesThePersonBehindSudo() {
    String store = root.toString();
    Map<String, String> sudo = Map.of("SUDO_USER", "alice", "USER", "root");
    assertEquals(
        0,
        launch("root", sudo, "configutil", "--store", store, "-o", "store.cleanupage", "-v", "24")
            .exit());
    assertEquals(
        0,
        launch(
                "root",
                Map.of(),
                "configutil",
                "--store",
                store,
                "-o",
                "store.cleanupage",
                "-v",
                "48")
            .exit());
    assertEquals(
        0,
        launch(
                "bob",
                Map.of(),
                "configutil",
                "--store",
                store,
                "-o",
                "store.cleanupsize",
                "-v",
                "3")
            .exit());

    Cli alice = journal("--actor", "alice");
    assertEquals(0, alice.exit(), alice.err());
    List<String> lines = alice.out().lines().toList();
    assertEquals(1, lines.size(), alice.out());
    assertTrue(lines.get(0).contains(" alice (sudo as root)@"), lines.get(0));
    assertTrue(lines.get(0).contains("\"msgstore configutil --store "), lines.get(0));
    assertTrue(lines.get(0).contains("newValue=24"), lines.get(0));

    Cli json = journal("--actor", "alice", "--json");
    assertEquals(1, json.out().lines().count(), json.out());
    assertTrue(json.out().contains("\"actor\":\"alice (sudo as root)\""), json.out());

    assertEquals(
        2, journal("--actor", "root").out().lines().count(), "root, directly and via sudo");
    assertEquals(1, journal("--actor", "bob").out().lines().count());
  }
}
