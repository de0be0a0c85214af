package dev.msgstore.commands.hashdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.projections.model.UserDirectoryHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** {@code hashdir} through the CLI in this JVM, standard input injected for {@code -i}. */
class HashdirCommandTest {
  record Run(int exit, String out, String err) {}

  static Run run(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("hashdir"));
    all.addAll(List.of(args));
    VerbRun r =
        VerbRun.run(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            verb -> {},
            all.toArray(String[]::new));
    return new Run(r.exit(), r.out(), r.err());
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(HashdirCommandTest.class.getResourceAsStream("/hashdir/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void printsTheReferencesFormatOneLinePerUser() throws IOException {
    Run r = run("", "user1", "user1@domain.com");
    assertEquals(0, r.exit(), r.err());
    assertEquals(golden("user1-and-domain.txt"), r.out());
    assertTrue(r.out().lines().allMatch(l -> l.matches("[0-9a-f]{2}/[0-9a-f]{2}/")), r.out());
  }

  /** SHA-256 of the UTF-8 user id, first two bytes: these values must never change. */
  @Test
  void isStableAndCaseSensitive() {
    assertEquals("0a/04/\n", run("", "user1").out());
    assertEquals("30/fb/\n", run("", "user1@domain.com").out());
    assertEquals("d3/0a/\n", run("", "jdoe").out());
    assertEquals("6d/d8/\n", run("", "Joe").out());
    assertEquals("d3/0a", UserDirectoryHash.of("jdoe"));
  }

  @Test
  void appendsTheUserDirectoryWithA() {
    Run r = run("", "-a", "user1", "user1@domain.com");
    assertEquals(0, r.exit(), r.err());
    assertEquals("0a/04/=user1/\n30/fb/=user1@domain.com/\n", r.out());
  }

  @Test
  void readsOneUserALineWithI() {
    Run r = run("user1\n\n  jdoe  \r\nuser1@domain.com", "-i");
    assertEquals(0, r.exit(), r.err());
    assertEquals("0a/04/\nd3/0a/\n30/fb/\n", r.out());
    assertEquals("0a/04/=user1/\nd3/0a/=jdoe/\n", run("user1\njdoe\n", "-i", "-a").out());
    assertEquals("", run("", "-i").out());
  }

  @Test
  void refusesNoUserWithoutI() {
    Run r = run("user1\n", new String[0]);
    assertEquals(64, r.exit());
    assertEquals("", r.out());
    assertEquals(
        "hashdir: a user id is required (or -i to read them from standard input)\n", r.err());
    assertEquals(64, run("", "").exit());
    assertEquals(64, run("", "-z", "user1").exit());
  }

  static VerbRun forAScript(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("hashdir"));
    all.addAll(List.of(args));
    return VerbRun.run(
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        verb -> {},
        all.toArray(String[]::new));
  }

  @Test
  void theResultIsEachUserAndTheDirectoryComputed() {
    VerbRun r = forAScript("", "user1", "jdoe");
    assertEquals(
        List.of(
            new UserDirectory("user1", UserDirectoryHash.of("user1") + "/"),
            new UserDirectory("jdoe", UserDirectoryHash.of("jdoe") + "/")),
        r.result());
    assertEquals(
        r.list(UserDirectory.class).stream()
            .map(d -> d.directory() + "\n")
            .reduce("", String::concat),
        r.out());
    assertEquals(
        List.of(new UserDirectory("Joe", "6d/d8/=Joe/")), forAScript("", "-a", "Joe").result());
    assertEquals(
        List.of(
            new UserDirectory("user1", "0a/04/=user1/"),
            new UserDirectory("user1@domain.com", "30/fb/=user1@domain.com/"),
            new UserDirectory("jdoe", "d3/0a/=jdoe/")),
        forAScript("jdoe\n", "-i", "-a", "user1", "user1@domain.com").result());
    assertEquals(null, forAScript("", "-a").result(), "a usage error leaves no result");
  }
}
