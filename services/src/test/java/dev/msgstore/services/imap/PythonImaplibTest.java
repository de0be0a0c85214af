package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first experience through Python's {@code imaplib}: log in, list, select, fetch, store
 * a flag, append, copy, move, expunge, and an IDLE that sees a message delivered meanwhile.
 */
class PythonImaplibTest {
  @TempDir Path root;
  @TempDir Path scripts;

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void aSessionFromPython() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    Path script = scripts.resolve("imaplib-session.py");
    try (var in = getClass().getResourceAsStream("/imap/imaplib-session.py")) {
      Files.copy(in, script);
    }
    try (ImapServer server = new ImapServer(root, "joe")) {
      server.deliver("user/joe/INBOX", ImapServer.message("hello", "Hello Joe"));
      Process p =
          new ProcessBuilder("python3", script.toString(), Integer.toString(server.port()))
              .redirectErrorStream(true)
              .start();
      List<String> lines = new ArrayList<>();
      try (BufferedReader out =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          OutputStream in = p.getOutputStream()) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
          if (line.equals("IDLING")) {
            server.deliver("user/joe/INBOX", ImapServer.message("while idling", "news"));
            in.write('\n');
            in.flush();
          }
        }
      } finally {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      assertEquals(
          List.of(
              "login OK",
              "list OK ['(\\\\HasNoChildren) \"/\" \"INBOX\"']",
              "select OK 1",
              "subject Subject: hello",
              "flags 1 (FLAGS (\\Recent))",
              "store OK 1 (FLAGS (\\Flagged \\Recent))",
              "append OK [APPENDUID " + uidValidity(lines) + " 2] APPEND completed",
              "create OK",
              "copy OK [COPYUID " + uidValidity(lines, "copy") + " 1 1] COPY completed",
              "move OK",
              "status \"Archive\" (MESSAGES 2)",
              "expunge OK ['2', '1']", // imaplib keeps MOVE's EXPUNGE too
              "search OK ",
              "continuation + idling",
              "IDLING",
              "pushed * 1 EXISTS",
              "idle " + idleTag(lines) + " OK IDLE terminated",
              "new Subject: while idling",
              "logout BYE"),
          lines);
    }
  }

  /** The UIDVALIDITY the server gave, read back from the line (the clock chose it). */
  private static String uidValidity(List<String> lines) {
    return uidValidity(lines, "append");
  }

  private static String uidValidity(List<String> lines, String step) {
    return lines.stream()
        .filter(l -> l.startsWith(step + " OK ["))
        .map(l -> l.split(" ")[3])
        .findFirst()
        .orElse("?");
  }

  private static String idleTag(List<String> lines) {
    return lines.stream()
        .filter(l -> l.startsWith("idle "))
        .map(l -> l.split(" ")[1])
        .findFirst()
        .orElse("?");
  }
}
