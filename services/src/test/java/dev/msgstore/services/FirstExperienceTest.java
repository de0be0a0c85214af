package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.commands.deliver.DeliverFastPath;
import dev.msgstore.journal.ChildJava;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's "first experience", exactly as a person meets it: {@code msgstore serve} on a new
 * store (a child JVM, as the README's first command runs it) provisions the demo users and prints
 * an imaplib line; Python's imaplib logs in with what it printed, reads the welcome mail, moves it
 * to a folder and back, and IDLEs; a message given to {@code deliver} (its own JVM, reading
 * standard input) and one sent over LMTP to the printed port appear in the IDLE as EXISTS; then
 * {@code stop-msg} stops the daemon, and the IDLE session gets {@code * BYE}.
 */
class FirstExperienceTest {
  private static final Pattern IMAP =
      Pattern.compile("IMAP4\\(\"([^\"]+)\", (\\d+)\\); c\\.login\\(\"(\\w+)\", \"(\\w+)\"\\)");
  private static final Pattern LMTP = Pattern.compile("--server (\\S+) --port (\\d+)");

  @TempDir Path dir;

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void serveThenImaplibReadsMovesAndSeesDeliveriesInIdle() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    Path store = dir.resolve("data");
    Path script = dir.resolve("first-experience.py");
    try (var in = getClass().getResourceAsStream("/imap/first-experience.py")) {
      Files.copy(in, script);
    }
    Process serve =
        new ProcessBuilder(
                ChildJava.command(
                    List.of(), "dev.msgstore.commands.Main", "serve", "--store", store.toString()))
            .redirectError(dir.resolve("serve.err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .start();
    Process python = null;
    try {
      BufferedReader printed =
          new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
      Matcher imap = null;
      Matcher lmtp = null;
      List<String> lines = new ArrayList<>();
      for (String l; (l = printed.readLine()) != null && !l.startsWith("serving until"); ) {
        lines.add(l);
        if (l.startsWith("imap, try: ")) {
          imap = IMAP.matcher(l);
          assertTrue(imap.find(), l);
        } else if (l.startsWith("lmtp, try: ")) {
          lmtp = LMTP.matcher(l);
          assertTrue(lmtp.find(), l);
        }
      }
      assertTrue(imap != null && lmtp != null, "serve printed: " + lines);
      String user = imap.group(3);
      python =
          new ProcessBuilder(
                  "python3", script.toString(), imap.group(1), imap.group(2), user, imap.group(4))
              .redirectErrorStream(true)
              .start();
      List<String> said = new ArrayList<>();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
      for (String l; (l = out.readLine()) != null; ) {
        said.add(l);
        switch (l) {
          case "IDLING" -> deliver(store, user);
          case "EXISTS 2" ->
              lmtp(lmtp.group(1), Integer.parseInt(lmtp.group(2)), user + "@example.com");
          case "EXISTS 3" ->
              assertEquals(0, Cli.run("stop-msg", "--store", store.toString()).exit());
          default -> {}
        }
      }
      assertTrue(python.waitFor(60, TimeUnit.SECONDS));
      assertEquals(
          List.of(
              "LOGIN " + user,
              "INBOX 1",
              "READ Subject: welcome to msgstore",
              "TEXT This store is served by msgstore serve.",
              "INBOX after move 0",
              "Archive after move 1",
              "IN ARCHIVE Subject: welcome to msgstore",
              "INBOX after move back 1",
              "IDLING",
              "EXISTS 2",
              "EXISTS 3",
              "BYE msgstore is shutting down"),
          said);
      assertEquals(0, python.exitValue());
      assertTrue(serve.waitFor(60, TimeUnit.SECONDS), "serve did not end after stop-msg");
    } finally {
      if (python != null) {
        python.destroyForcibly();
      }
      serve.destroyForcibly();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** {@code printf ... | msgstore deliver USER}: its own JVM, the launcher's fast path. */
  private void deliver(Path store, String user) throws IOException, InterruptedException {
    Path message =
        Files.writeString(
            dir.resolve("note.eml"),
            "From: me@example.com\r\nSubject: delivered\r\n\r\nby deliver\r\n");
    Process p =
        new ProcessBuilder(
                ChildJava.command(
                    List.of(),
                    DeliverFastPath.class.getName(),
                    "deliver",
                    "--store",
                    store.toString(),
                    user))
            .redirectInput(message.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("deliver.out").toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "deliver did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("deliver.out")));
  }

  /** One LMTP transaction, as swaks would send it. */
  private static void lmtp(String host, int port, String to) throws IOException {
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(30_000);
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      expect(in, "220");
      for (String[] step :
          new String[][] {
            {"LHLO me.example.com", "250"},
            {"MAIL FROM:<you@example.com>", "250"},
            {"RCPT TO:<" + to + ">", "250"},
            {"DATA", "354"},
            {"Subject: over lmtp\r\n\r\nhello\r\n.", "250"},
            {"QUIT", "221"}
          }) {
        out.write((step[0] + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        expect(in, step[1]);
      }
    }
  }

  private static void expect(InputStream in, String code) throws IOException {
    for (; ; ) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (int c; (c = in.read()) != '\n'; ) {
        if (c < 0) {
          throw new IOException("closed");
        }
        b.write(c);
      }
      String l = b.toString(StandardCharsets.US_ASCII);
      if (l.length() > 3 && l.charAt(3) == '-') {
        continue;
      }
      assertTrue(l.startsWith(code), "expected " + code + ", got " + l);
      return;
    }
  }
}
