package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QRESYNC (RFC 7162) against a real daemon (a child JVM started by start-msg) when the expunge
 * comes from the CLI: {@code mboxutil -e}, in this JVM, expunges a message an imaplib session
 * flagged \Deleted; that session hears VANISHED, and a new one resynchronising from the
 * HIGHESTMODSEQ it had gets VANISHED (EARLIER).
 */
class QresyncCliTest {
  @TempDir Path dir;

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void anExpungeByMboxutilReachesQresyncClients() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    Path root = dir.resolve("store");
    Path password = dir.resolve("pw");
    Files.writeString(password, "pw-joe\n");
    ok(root, "user", "create", "joe");
    ok(root, "user", "passwd", "joe", "--password-file", password.toString());
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ok(root, "configutil", "-o", "service.imap.port", "-v", "" + port);
    ok(root, "configutil", "-o", "service.http.enable", "-v", "no");
    ok(root, "start-msg", "imap");
    try {
      Path script = dir.resolve("imaplib-cli-expunge.py");
      try (var in = getClass().getResourceAsStream("/imap/imaplib-cli-expunge.py")) {
        Files.copy(in, script);
      }
      Process p =
          new ProcessBuilder("python3", script.toString(), Integer.toString(port))
              .redirectErrorStream(true)
              .start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          OutputStream in = p.getOutputStream()) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
          if (line.equals("CLI")) {
            ok(root, "mboxutil", "-e", "-p", "user/joe/INBOX");
            in.write('\n');
            in.flush();
          }
        }
      } finally {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      assertEquals(List.of("CLI", "live ['2']", "resync OK ['(EARLIER) 2'] 0", "done"), lines);
    } finally {
      Cli.run("stop-msg", "--store", root.toString());
      for (String f : List.of("watcher.pid", "daemon.pid")) {
        Path pid = root.resolve("run").resolve(f);
        if (Files.exists(pid)) {
          ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()))
              .ifPresent(
                  h -> {
                    h.destroyForcibly();
                    h.onExit().join();
                  });
        }
      }
    }
  }

  private static void ok(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--store");
    all.add(root.toString());
    Cli c = Cli.run(all.toArray(String[]::new));
    assertEquals(0, c.exit(), () -> String.join(" ", all) + ": " + c);
  }
}
