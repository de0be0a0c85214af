package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.journal.ChildJava;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * How a launched JVM ends. A verb that succeeds returns from {@code main} rather than calling
 * {@code System.exit(0)}: its exit code must still be 0 and its shutdown hooks must still run; a
 * failure's code still comes out; and a success while a non-daemon thread lives (which would keep
 * the JVM alive after main returned) still ends the JVM.
 */
class MainExitTest {
  /** Main with a shutdown hook that says it ran. */
  public static final class WithAShutdownHook {
    public static void main(String[] args) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("hook ran")));
      Main.main(args);
    }
  }

  /** Main after starting a thread that never ends, as a verb that left one behind would. */
  public static final class WithALiveThread {
    public static void main(String[] args) {
      Thread left =
          new Thread(
              () -> {
                try {
                  Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "left behind");
      left.start();
      Main.main(args);
    }
  }

  private record Ended(int code, String output) {}

  private static Ended run(Class<?> main, String... args) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(ChildJava.command(List.of("-Xmx128m"), main.getName(), args))
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    assertTrue(ended, main.getSimpleName() + " " + String.join(" ", args) + " did not end");
    return new Ended(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void aSuccessEndsWithZeroAndRunsTheShutdownHooks() throws Exception {
    Ended e = run(WithAShutdownHook.class, "--version");
    assertEquals(ExitCodes.OK, e.code(), e.output());
    assertTrue(e.output().contains("hook ran"), e.output());
  }

  @Test
  void aFailureEndsWithItsCodeAndRunsTheShutdownHooks() throws Exception {
    Ended e = run(WithAShutdownHook.class, "no-such-verb");
    assertEquals(ExitCodes.USAGE, e.code(), e.output());
    assertTrue(e.output().contains("hook ran"), e.output());
  }

  @Test
  void aSuccessEndsTheJvmThoughAnotherThreadLives() throws Exception {
    Ended e = run(WithALiveThread.class, "--version");
    assertEquals(ExitCodes.OK, e.code(), e.output());
  }
}
