package dev.msgstore.scripting.verbs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.imcheck.MessageBody;
import dev.msgstore.journal.Author;
import dev.msgstore.scripting.ScriptFailure;
import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.CorruptMessageException;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script reads a message's bytes exactly ({@code store.body}), and a body that fails its check
 * reaches it as a failure naming the mailbox and UID (exit 65), in the API and in both verb forms.
 */
class ServedBodyScriptTest {
  static final String INBOX = "user/joe/INBOX";

  /** 8-bit and not UTF-8: a Latin-1 é, a lone continuation byte, NUL, 0xFF. */
  static final byte[] BODY = {
    'S',
    'u',
    'b',
    'j',
    'e',
    'c',
    't',
    ':',
    ' ',
    'c',
    'a',
    'f',
    (byte) 0xE9,
    '\r',
    '\n',
    '\r',
    '\n',
    (byte) 0x80,
    0,
    (byte) 0xFF,
    'b',
    'o',
    'd',
    'y',
    '\r',
    '\n'
  };

  @TempDir Path dir;
  ScriptHost host;

  @BeforeEach
  void store() throws IOException {
    Author admin = new Author("admin", "test setup", "mailhost", 1);
    try (Store s = Store.open(dir)) {
      s.execute(admin, new CreateMailbox(INBOX, null));
      s.append(
          admin,
          INBOX,
          new ByteArrayInputStream(BODY),
          new AppendOptions(Set.of(), List.of(), 0, false, false));
    }
    host =
        new ScriptHost(
            new ScriptHost.HostSettings(
                dir,
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true),
                Map.of(),
                "bodies.groovy",
                "msgstore run bodies.groovy (by tester)",
                null));
  }

  @AfterEach
  void close() {
    host.close();
  }

  Object eval(String code) {
    return host.evaluate(code, "bodies.groovy");
  }

  @Test
  void aScriptReadsTheStoredBytes() {
    assertArrayEquals(BODY, (byte[]) eval("store.body('user/joe/INBOX', 1).bytes"));
    MessageBody b =
        assertInstanceOf(
            MessageBody.class, eval("imcheck(mailbox: 'user/joe/INBOX', bodyMsg: '1')"));
    assertEquals(BODY.length, b.written());
  }

  @Test
  void aDamagedBodyIsAFailureNamingTheMessage() throws IOException {
    flip(12); // the é of the Subject
    // Groovy rethrows the checked exception as it is
    Throwable api =
        assertThrows(Throwable.class, () -> eval("store.body('user/joe/INBOX', 1).bytes"));
    CorruptMessageException e = assertInstanceOf(CorruptMessageException.class, api);
    assertEquals(1, e.uid());
    ScriptFailure f = ScriptFailure.of(api, "bodies.groovy");
    assertEquals(65, f.exitCode(), f.message());
    assertTrue(f.message().contains("CORRUPT user/joe/INBOX uid 1: body sha256:"), f.message());
    assertEquals(1, f.message().lines().count(), f.message());
    for (String form :
        List.of(
            "imcheck('-m', 'user/joe/INBOX', '-b', '1')",
            "imcheck(mailbox: 'user/joe/INBOX', bodyMsg: '1')")) {
      VerbException v = assertThrows(VerbException.class, () -> eval(form));
      assertEquals(65, v.exitCode(), v.getMessage());
      assertTrue(
          v.getMessage().startsWith("imcheck: CORRUPT user/joe/INBOX uid 1: body sha256:"),
          v.getMessage());
    }
  }

  void flip(int inBody) throws IOException {
    Path seg;
    try (Stream<Path> s = Files.list(dir.resolve("partition/primary/bodies"))) {
      seg = s.filter(p -> p.toString().endsWith(".body")).findFirst().orElseThrow();
    }
    byte[] all = Files.readAllBytes(seg);
    int at = -1;
    for (int i = 0; i + BODY.length <= all.length && at < 0; i++) {
      if (java.util.Arrays.equals(all, i, i + BODY.length, BODY, 0, BODY.length)) {
        at = i + inBody;
      }
    }
    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(new byte[] {(byte) (all[at] ^ 0xFF)}), at);
    }
  }
}
