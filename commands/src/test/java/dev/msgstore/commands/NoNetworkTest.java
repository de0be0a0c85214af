package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.journal.ChildJava;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in msgstore touches the network but its own listeners: a writing verb, run under {@code
 * strace -f -e trace=network} without {@code $HOSTNAME} (so that the commit's host name must be
 * found some other way), opens no internet socket. Local sockets (the C library asking nscd for the
 * user's name) are not the network.
 */
class NoNetworkTest {
  private static final String UNKNOWN_HOST = "msgstore-test-no-such-host";
  private static final Pattern TRAFFIC =
      Pattern.compile("^[0-9]+ +(connect|bind|sendto|sendmsg|sendmmsg)\\(.*sa_family=AF_INET6?\\b");

  @TempDir Path dir;

  @Test
  void aWritingVerbUsesNoNetwork() throws Exception {
    assumeTrue(
        runs("strace", "-f", "-qq", "-e", "trace=network", "true"), "strace cannot trace here");
    Path trace = dir.resolve("trace");
    Path message = Files.writeString(dir.resolve("message"), "Subject: hi\r\n\r\nhello\r\n");
    List<String> cmd = new ArrayList<>();
    if (runs("unshare", "--uts", "hostname", UNKNOWN_HOST)) {
      cmd.addAll(
          List.of(
              "unshare",
              "--uts",
              "sh",
              "-c",
              "hostname " + UNKNOWN_HOST + " && exec \"$@\"",
              "sh"));
    }
    cmd.addAll(List.of("strace", "-f", "-qq", "-e", "trace=network", "-o", trace.toString()));
    cmd.addAll(
        ChildJava.command(
            List.of("-Xmx256m"),
            Main.class.getName(),
            "deliver",
            "--store",
            dir.resolve("store").toString(),
            "-c",
            "joe"));
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectInput(message.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("err").toFile());
    pb.environment().remove("HOSTNAME");
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "deliver under strace did not finish in 120 s");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err")));
    List<String> traffic =
        Files.readAllLines(trace, StandardCharsets.UTF_8).stream()
            .filter(l -> TRAFFIC.matcher(l).find())
            .toList();
    assertEquals(List.of(), traffic, "deliver used the network");
  }

  private static boolean runs(String... cmd) throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder(cmd)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
