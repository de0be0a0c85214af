package dev.msgstore.commands.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deliver as an MTA runs it: a process of its own, the message on its real standard input. */
class DeliverProcessTest {
  @TempDir Path dir;

  record Exit(int code, String err) {}

  Exit run(Path stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("deliver"));
    cmd.addAll(List.of(args));
    cmd = ChildJava.command(List.of("-Xmx256m"), Main.class.getName(), cmd.toArray(String[]::new));
    Path err = dir.resolve("stderr.txt");
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(stdin.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("deliver did not finish in 120 s");
    }
    return new Exit(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void readsTheRealStandardInputAndExitsWithSysexitsCodes() throws Exception {
    Path store = dir.resolve("store");
    byte[] message =
        "Subject: from the MTA\nMessage-ID: <mta.1@example.com>\n\nbare LF body\n"
            .getBytes(StandardCharsets.US_ASCII);
    Path in = Files.write(dir.resolve("message"), message);
    Exit ok = run(in, "--store", store.toString(), "-r", "mta@example.com", "joe");
    assertEquals(0, ok.code(), ok.err());
    try (Store s = Store.open(store);
        ProjectionReader r = s.read()) {
      MailboxRecord inbox = r.mailbox("user/joe/INBOX").orElseThrow();
      MessageRecord m = r.messages(inbox.id()).get(0);
      assertEquals("<mta.1@example.com>", m.messageId());
      try (InputStream body = s.openBody(inbox.partition(), m.digest())) {
        byte[] expected =
            ("Return-Path: <mta@example.com>\n" + new String(message, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, body.readAllBytes());
      }
    }
    Exit empty =
        run(Files.write(dir.resolve("empty"), new byte[0]), "--store", store.toString(), "joe");
    assertEquals(65, empty.code());
    assertTrue(empty.err().contains("standard input is not a mail message"), empty.err());
  }
}
