package dev.msgstore.scripting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.commands.cli.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every man page, as {@code man -l} renders it: NAME, SYNOPSIS and the one EXIT STATUS table. */
class ManPagesTest {
  @TempDir Path dir;

  record Rendered(int exit, String out, String err) {}

  static Rendered man(Path page) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(manCommand(), "-l", page.toString());
    Map<String, String> env = pb.environment();
    env.put("MANPAGER", "cat");
    env.put("PAGER", "cat");
    env.put("MANWIDTH", "100");
    env.put("LANG", "C.UTF-8");
    Path err = Files.createTempFile("man", ".err");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "man -l " + page + " did not end");
    String said = Files.readString(err);
    Files.delete(err);
    // man writes bold as "X\bX" when its output is no terminal: plain text to read
    return new Rendered(p.exitValue(), out.replaceAll(".\b", ""), said);
  }

  static String manCommand() {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(d -> Path.of(d, "man"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }

  @Test
  void everyPageRendersWithNameSynopsisAndExitStatus() throws Exception {
    assumeTrue(manCommand() != null, "man is not installed: the pages were written, not rendered");
    List<Path> pages = ManPages.write(dir);
    List<String> names = pages.stream().map(p -> p.getFileName().toString()).toList();
    for (String expected :
        List.of("msgstore.1", "msgstore-mboxutil.1", "msgstore-journal.1", "msgstore-run.1")) {
      assertTrue(names.contains(expected), expected + " not in " + names);
    }
    for (Path page : pages) {
      Rendered r = man(page);
      assertEquals(0, r.exit(), page + ": " + r.err());
      assertEquals("", r.err(), page + ": troff warnings");
      String verb = page.getFileName().toString().replaceFirst("\\.1$", "");
      String text = r.out();
      assertTrue(text.contains("\nNAME\n"), page + ":\n" + text);
      assertTrue(text.matches("(?s).*\n {7}" + verb + " - \\S.*"), page + ":\n" + text);
      assertTrue(text.contains("\nSYNOPSIS\n"), page + ":\n" + text);
      assertTrue(text.contains("\nEXIT STATUS\n"), page + ":\n" + text);
      for (ExitCodes.Meaning m : ExitCodes.table()) {
        assertTrue(text.contains(m.code() + " (" + m.name() + ")"), page + ": " + m);
      }
    }
  }

  @Test
  void aVerbsPageHasItsSynopsisAndOptions() throws Exception {
    assumeTrue(manCommand() != null, "man is not installed: the pages were written, not rendered");
    ManPages.write(dir);
    String text = man(dir.resolve("man1/msgstore-mboxutil.1")).out();
    assertTrue(text.contains("\n       msgstore mboxutil [-"), text);
    assertTrue(text.contains("--format text|json"), text);
    assertTrue(text.contains("--dry-run"), text);
    assertTrue(text.contains("List mailboxes."), text);
  }
}
