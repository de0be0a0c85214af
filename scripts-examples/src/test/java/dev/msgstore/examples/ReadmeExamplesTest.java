package dev.msgstore.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.ChildJava;
import dev.msgstore.store.Store;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's examples as written: each line of its "Using it" block through bash, in order,
 * in a directory of its own where {@code ./msgstore} starts this build's launcher class in a new
 * JVM (as the launcher script does, without building), and then its Groovy example block as one
 * script on the store the lines made.
 */
class ReadmeExamplesTest {
  private static final Path README =
      Path.of(System.getProperty("msgstore.readme", "../README.md")).toAbsolutePath();
  private static final Pattern BLOCK = Pattern.compile("```(sh|groovy)\\n(.*?)```", Pattern.DOTALL);

  @TempDir Path dir;

  @Test
  void everyCommandOfUsingItRunsAsWritten() throws Exception {
    prepare();
    List<String> lines = commandsOf(section("## Using it"));
    assertFalse(lines.isEmpty(), "no commands found in the README's 'Using it' block");
    for (String line : lines) {
      if (line.startsWith("man ") && !onPath("man")) {
        continue; // the man pages themselves are checked by scripting's ManPagesTest
      }
      boolean follows = line.contains("--follow");
      Shell r = bash(follows ? "timeout 10 " + line : line);
      if (follows) {
        // --follow runs until stopped: it must still be following when the timeout ends it
        assertEquals(124, r.exit, line + "\n" + r);
        assertFalse(r.out.isBlank(), line + " printed nothing\n" + r);
      } else {
        assertEquals(0, r.exit, line + "\n" + r);
      }
    }
  }

  @Test
  void theGroovyExamplesRunAsOneScript() throws Exception {
    prepare();
    for (String setUp :
        List.of(
            "./msgstore demo --users 3 --messages 2", "./msgstore mboxutil -c user/joe/INBOX")) {
      Shell r = bash(setUp);
      assertEquals(0, r.exit, setUp + "\n" + r);
    }
    String script = section("## Scripts").split("```groovy\\n", 2)[1].split("```", 2)[0];
    Files.writeString(dir.resolve("readme.groovy"), script, StandardCharsets.UTF_8);
    Shell r = bash("./msgstore run readme.groovy");
    assertEquals(0, r.exit, r.toString());
    Shell journal = bash("./msgstore journal --user joe");
    assertTrue(journal.out.contains("readme.groovy"), "the script's delivery\n" + journal);
  }

  /**
   * The README's first set-up command serves mail in the foreground: it is run as a reader runs it,
   * read until it says it serves, asked over what it printed, and stopped as a reader stops it:
   * Ctrl-C (SIGINT) the first time, {@code stop-msg} the second, when it serves the same users.
   */
  @Test
  void theFirstSetUpCommandServesMailUntilCtrlCOrStopMsg() throws Exception {
    prepare();
    String first = commandsOf(section("## Set up on a fresh machine")).get(0);
    assertTrue(first.startsWith("./msgstore serve"), first);
    Path data = dir.resolve("data");

    Process p = background(first);
    List<String> said;
    try {
      said = untilServing(p);
      String url =
          said.stream()
              .filter(l -> l.startsWith("http: listening on "))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no http line: " + said))
              .substring("http: listening on ".length());
      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "health/ready")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(
          said.contains("http, try: curl -s " + url + "metrics | grep ^msgstore_"), said::toString);
      interrupt(p); // Ctrl-C
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not end at SIGINT");
      assertEquals(130, p.exitValue());
    } finally {
      kill(p);
    }
    assertTrue(Files.readString(data.resolve("log/msgstore.log")).contains("daemon stopped"));
    assertFalse(Files.exists(data.resolve("run/daemon.pid")));
    Map<String, String> users = new LinkedHashMap<>();
    for (String l : said) {
      Matcher m = Pattern.compile("  (\\w+) +(\\w{16})  \\1@example.com").matcher(l);
      if (m.matches()) {
        users.put(m.group(1), m.group(2));
      }
    }
    assertEquals(List.of("alice", "bob", "carol"), List.copyOf(users.keySet()), said::toString);
    try (Store s = Store.open(data);
        Directory d = Directories.open(s)) {
      assertTrue(d.authenticate("alice", users.get("alice").toCharArray()));
      assertFalse(d.authenticate("alice", users.get("bob").toCharArray()));
    }

    Process again = background(first);
    try {
      List<String> second = untilServing(again);
      assertTrue(
          second.contains("  alice    " + users.get("alice") + "  alice@example.com"),
          "the same users again: " + second);
      Shell stop = bash("./msgstore stop-msg");
      assertEquals(0, stop.exit, stop.toString());
      assertTrue(again.waitFor(60, TimeUnit.SECONDS), "serve did not end at stop-msg");
      assertEquals(0, again.exitValue());
    } finally {
      kill(again);
    }
  }

  private Process background(String line) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", line)
            .directory(dir.toFile())
            .redirectError(dir.resolve(".serve.err").toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().remove("MSGSTORE_HOME");
    Process p = pb.start();
    // a watchdog: a serve that never says it serves must not hang the build
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!p.waitFor(180, TimeUnit.SECONDS)) {
                  kill(p);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    return p;
  }

  /** What serve printed up to the line saying it serves. */
  private List<String> untilServing(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (String l = out.readLine(); l != null; l = out.readLine()) {
      lines.add(l);
      if (l.startsWith("serving until Ctrl-C")) {
        return lines;
      }
    }
    throw new AssertionError(
        "serve ended before serving: "
            + lines
            + "\n"
            + Files.readString(dir.resolve(".serve.err"), StandardCharsets.UTF_8));
  }

  /** SIGINT, as Ctrl-C sends it to the foreground processes: bash and what it started. */
  private static void interrupt(Process p) throws IOException, InterruptedException {
    List<String> kill = new ArrayList<>(List.of("kill", "-INT", "" + p.pid()));
    p.descendants().forEach(d -> kill.add("" + d.pid()));
    new ProcessBuilder(kill).start().waitFor();
  }

  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  /** The section of the README from this heading to the next one of its level. */
  private static String section(String heading) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int start = readme.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "the README has no section " + heading);
    int end = readme.indexOf("\n## ", start + heading.length() + 2);
    return readme.substring(start, end < 0 ? readme.length() : end);
  }

  /** The command lines of a section's sh blocks, their comments removed. */
  private static List<String> commandsOf(String section) {
    List<String> lines = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      if (m.group(1).equals("sh")) {
        m.group(2)
            .lines()
            .map(ReadmeExamplesTest::withoutComment)
            .filter(l -> !l.isBlank())
            .forEach(lines::add);
      }
    }
    return lines;
  }

  /** A line without its trailing {@code # comment} (a {@code #} outside quotes, after a space). */
  private static String withoutComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || line.charAt(i - 1) == ' ')) {
        return line.substring(0, i).strip();
      }
    }
    return line.strip();
  }

  /**
   * The directory a reader runs the README in: {@code ./msgstore}, the example scripts where the
   * README names them, and the {@code notice.eml} its Groovy block delivers.
   */
  private void prepare() throws IOException {
    List<String> flags = new ArrayList<>();
    if (Runtime.version().feature() >= 23) {
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    String java =
        ChildJava.command(flags, "dev.msgstore.commands.Main").stream()
            .map(ReadmeExamplesTest::quoted)
            .collect(Collectors.joining(" "));
    Path launcher = dir.resolve("msgstore");
    Files.writeString(launcher, "#!/usr/bin/env bash\nexec " + java + " \"$@\"\n");
    Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(dir.resolve("scripts-examples"));
    Files.createSymbolicLink(dir.resolve("scripts-examples/scripts"), ExampleStore.SCRIPTS);
    // the man pages the build wrote (scripting's package phase, before this module's tests)
    Files.createDirectories(dir.resolve("scripting/target"));
    Files.createSymbolicLink(
        dir.resolve("scripting/target/man"), README.getParent().resolve("scripting/target/man"));
    Files.writeString(
        dir.resolve("notice.eml"),
        "From: admin@example.com\r\nSubject: maintenance\r\n\r\nThe store is down at 22:00.\r\n");
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    return new ProcessBuilder("sh", "-c", "command -v " + command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start()
            .waitFor()
        == 0;
  }

  private static String quoted(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }

  private record Shell(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private Shell bash(String line) throws IOException, InterruptedException {
    Path out = dir.resolve(".out");
    Path err = dir.resolve(".err");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", "set -o pipefail; " + line)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().remove("MSGSTORE_HOME");
    Process p = pb.start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(line + " did not finish in 300 s");
    }
    return new Shell(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
