package dev.msgstore.commands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.store.StoreLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One rule for a store root that holds no store yet (a missing or an empty directory): a verb
 * invocation that writes makes the store; one that only reads (or repairs) fails with one line
 * naming the directory and how to make a store, exit 66, and creates nothing; a dry run creates
 * nothing either.
 */
class StoreRootTest {
  private static final byte[] MESSAGE =
      "From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path tmp;

  static Stream<Arguments> readers() {
    return Stream.of(
        Arguments.of("mboxutil", List.of("-l")),
        Arguments.of("mboxutil", List.of("-o")),
        Arguments.of("mboxutil", List.of("-S")),
        Arguments.of("imcheck", List.of("-s")),
        Arguments.of("imcheck", List.of("-m", "user/crowe/INBOX")),
        Arguments.of("readership", List.of()),
        Arguments.of("reconstruct", List.of("-n")),
        Arguments.of("reconstruct", List.of("-c", "projections")),
        Arguments.of("configutil", List.of()),
        Arguments.of("configutil", List.of("-o", "store.cleanupage")));
  }

  @ParameterizedTest
  @MethodSource("readers")
  void aReadingVerbRefusesAMissingStoreAndCreatesNothing(String verb, List<String> args) {
    Path root = tmp.resolve("none");
    VerbRun r = run(false, verb, root, args);
    assertRefused(verb, root, r, "");
    assertFalse(Files.exists(root), root + " was created");
  }

  @ParameterizedTest
  @MethodSource("readers")
  void aReadingVerbRefusesAnEmptyDirectoryAndLeavesItEmpty(String verb, List<String> args)
      throws IOException {
    Path root = Files.createDirectory(tmp.resolve("empty"));
    VerbRun r = run(false, verb, root, args);
    assertRefused(verb, root, r, "");
    assertEmpty(root);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mboxutil -c user/crowe/INBOX",
        "mboxutil -c -f names.txt",
        "configutil -o store.cleanupage -v 5",
        "deliver -c crowe",
      })
  void aWritingVerbMakesTheStoreInAnEmptyDirectory(String line) throws IOException {
    Path root = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(tmp.resolve("names.txt"), "user/crowe/INBOX\n");
    VerbRun r = run(false, root, line.replace("names.txt", tmp.resolve("names.txt").toString()));
    assertEquals(0, r.exit(), r.err());
    assertTrue(StoreLayout.exists(root), line + " made no store");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mboxutil -c user/crowe/INBOX",
        "configutil -o store.cleanupage -v 5",
        "deliver -c crowe",
        "readership -p 1",
      })
  void aWritingVerbMakesTheStoreWhereThereIsNoDirectory(String line) {
    Path root = tmp.resolve("a/new/store");
    VerbRun r = run(false, root, line);
    assertEquals(0, r.exit(), r.err());
    assertTrue(StoreLayout.exists(root), line + " made no store");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mboxutil -c user/crowe/INBOX",
        "mboxutil -d user/crowe/INBOX",
        "configutil -o store.cleanupage -v 5",
        "deliver -c crowe",
        "mboxutil -l",
      })
  void aDryRunCreatesNothing(String line) throws IOException {
    Path missing = tmp.resolve("none");
    String verb = line.substring(0, line.indexOf(' '));
    VerbRun r = run(true, missing, line);
    assertRefused(verb, missing, r, line.contains("-l") ? "" : " (a dry run makes none)");
    assertFalse(Files.exists(missing), missing + " was created");

    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertEquals(66, run(true, empty, line).exit());
    assertEmpty(empty);
  }

  @ParameterizedTest
  @ValueSource(strings = {"mboxutil -l", "imcheck -s", "configutil"})
  void aReadingVerbReadsAStoreOnceOneIsMade(String line) {
    Path root = tmp.resolve("store");
    assertEquals(0, run(false, root, "mboxutil -c user/crowe/INBOX").exit());
    VerbRun r = run(false, root, line);
    assertEquals(0, r.exit(), r.err());
  }

  private static void assertRefused(String verb, Path root, VerbRun r, String why) {
    assertEquals(66, r.exit(), r.out() + r.err());
    assertEquals(
        verb
            + ": no store in "
            + root.toAbsolutePath().normalize()
            + why
            + ": create one with 'msgstore mboxutil -c user/NAME/INBOX' or"
            + " 'msgstore deliver -c USER'\n",
        r.err());
    assertEquals("", r.out());
  }

  private static void assertEmpty(Path dir) throws IOException {
    try (Stream<Path> in = Files.list(dir)) {
      assertEquals(List.of(), in.toList());
    }
  }

  private static VerbRun run(boolean dryRun, Path root, String line) {
    List<String> words = List.of(line.split(" "));
    return run(dryRun, words.get(0), root, words.subList(1, words.size()));
  }

  private static VerbRun run(boolean dryRun, String verb, Path root, List<String> args) {
    List<String> all = new ArrayList<>();
    if (dryRun) {
      all.add("--dry-run");
    }
    all.addAll(List.of(verb, "--store", root.toString()));
    all.addAll(args);
    return VerbRun.run(new ByteArrayInputStream(MESSAGE), v -> {}, all.toArray(String[]::new));
  }
}
