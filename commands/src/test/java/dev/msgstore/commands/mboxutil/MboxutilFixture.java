package dev.msgstore.commands.mboxutil;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.journal.Author;
import dev.msgstore.journal.Journal;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.StoreLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Runs {@code mboxutil} in this JVM as the launcher would, against a store built by the test. */
final class MboxutilFixture {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);

  record Run(int exit, String out, String err) {}

  private MboxutilFixture() {}

  static Run run(Path root, String... args) {
    List<String> all = new ArrayList<>(List.of("mboxutil", "--store", root.toString()));
    all.addAll(List.of(args));
    String[] argv = all.toArray(String[]::new);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), Map.of("TZ", "UTC"), "tester", all);
    int code = Main.run(ctx, argv);
    return new Run(code, out.toString(), err.toString());
  }

  static Store open(Path root, String instant) {
    return Store.open(root, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  /** A message of exactly {@code size} bytes. */
  static InputStream message(int size) {
    String head = "Message-ID: <x@example.com>\r\nSubject: test\r\n\r\n";
    StringBuilder sb = new StringBuilder(head);
    while (sb.length() < size) {
      sb.append('x');
    }
    return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static void append(Store s, String mailbox, int size, long internalDate, AppendOptions o)
      throws IOException {
    s.append(
        ADMIN,
        mailbox,
        message(size),
        new AppendOptions(o.flags(), o.keywords(), internalDate, o.create(), o.ignoreQuota()));
  }

  static long journalEnd(Path root) {
    try (Journal j = Journal.open(StoreLayout.journal(root))) {
      return j.lastIndex();
    }
  }

  static String golden(String name) throws IOException {
    try (InputStream in =
        Objects.requireNonNull(MboxutilFixture.class.getResourceAsStream("/mboxutil/" + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A refused command: one line on stderr naming the problem, the exit code, no new commit. */
  static void assertRefused(Path root, int exit, String errStart, String... args) {
    long before = journalEnd(root);
    Run r = run(root, args);
    assertEquals(exit, r.exit(), () -> "exit of " + List.of(args) + ": " + r.err());
    assertEquals("", r.out());
    String first = r.err().lines().findFirst().orElse("");
    org.junit.jupiter.api.Assertions.assertTrue(
        first.startsWith("mboxutil: " + errStart), () -> "stderr: " + r.err());
    if (exit != 64) {
      assertEquals(1, r.err().lines().count(), () -> "stderr: " + r.err());
    }
    assertEquals(before, journalEnd(root), "the journal grew");
  }
}
