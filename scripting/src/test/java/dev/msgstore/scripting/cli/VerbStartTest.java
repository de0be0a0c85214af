package dev.msgstore.scripting.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.ChildJava;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A verb run by the launcher, Groovy on its class path, does not start Groovy's runtime: picocli
 * looks for Groovy's Closure class when it makes its first command unless {@code jvm.options} says
 * not to, and that costs every verb about 150 ms.
 */
class VerbStartTest {
  @Test
  void aVerbLoadsNoGroovy() throws Exception {
    Process p =
        new ProcessBuilder(
                ChildJava.command(
                    List.of("-Xlog:class+load=info"),
                    "dev.msgstore.commands.Main",
                    "hashdir",
                    "joe"))
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("picocli.CommandLine "), "the log lists loaded classes");
    assertFalse(out.contains("groovy.lang."), "Groovy was loaded");
  }
}
