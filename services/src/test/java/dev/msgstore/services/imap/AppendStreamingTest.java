package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.ChildJava;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * APPEND never holds its message in heap: a child JVM serving IMAP under {@code -Xmx48m} takes an
 * APPEND of 80 MiB (the message-size limit raised for it), answers APPENDUID, and the store holds
 * the bytes sent; the spool file it went through is gone afterwards.
 */
class AppendStreamingTest {
  private static final long SIZE = 80L * 1024 * 1024;
  private static final Pattern APPENDUID = Pattern.compile("^a2 OK \\[APPENDUID (\\d+) (\\d+)\\]");

  @TempDir Path root;

  @Test
  void anAppendLargerThanTheHeapIsStreamedToTheStore() throws Exception {
    Process child =
        new ProcessBuilder(
                ChildJava.command(
                    List.of("-Xmx48m"),
                    ImapChild.class.getName(),
                    root.toString(),
                    "service.lmtp.maxmessagesize=" + 2 * SIZE))
            .redirectError(root.resolve("child.err").toFile())
            .start();
    String sent;
    long uid;
    try {
      BufferedReader childOut =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String first = childOut.readLine();
      assertTrue(first != null && first.startsWith("PORT "), "child: " + first + err());
      try (Wire w = Wire.login(Integer.parseInt(first.substring(5)), "joe")) {
        w.timeout(300_000);
        assertTrue(w.command("a1 CREATE big").getLast().startsWith("a1 OK"));
        w.send("a2 APPEND big (\\Seen) {" + SIZE + "}\r\n");
        String go = w.line();
        assertTrue(go.startsWith("+ "), go);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        OutputStream out = new java.io.BufferedOutputStream(w.output(), 64 * 1024);
        byte[] head =
            "From: big@example.com\r\nSubject: larger than the heap\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        out.write(head);
        sha.update(head);
        long left = SIZE - head.length;
        byte[] line = new byte[78];
        long n = 0;
        while (left > 0) {
          byte[] text = String.format("%076d\r\n", n++).getBytes(StandardCharsets.US_ASCII);
          System.arraycopy(text, 0, line, 0, 78);
          int len = (int) Math.min(78, left);
          out.write(line, 0, len);
          sha.update(line, 0, len);
          left -= len;
        }
        out.write(new byte[] {'\r', '\n'});
        out.flush();
        sent = HexFormat.of().formatHex(sha.digest());
        String done = w.until("a2").getLast();
        Matcher m = APPENDUID.matcher(done);
        assertTrue(m.find(), done + err());
        uid = Long.parseLong(m.group(2));
        List<String> size = w.command("a3 EXAMINE big");
        assertTrue(size.contains("* 1 EXISTS"), size.toString());
        List<String> fetched = w.command("a4 UID FETCH " + uid + " RFC822.SIZE");
        assertTrue(fetched.getFirst().contains("RFC822.SIZE " + SIZE), fetched.toString());
        try (Stream<Path> run = Files.list(root.resolve("run"))) {
          assertEquals(
              List.of(),
              run.filter(p -> p.getFileName().toString().startsWith("imap-spool-")).toList());
        }
      }
      child.getOutputStream().close();
      assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child ends");
      assertEquals(0, child.exitValue(), err());
    } finally {
      child.destroyForcibly();
    }
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MailboxRecord box = r.mailbox("user/joe/big").orElseThrow();
      MessageRecord msg = r.messages(box.id()).getFirst();
      assertEquals(uid, msg.uid());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = s.openMessage(box, msg)) {
        byte[] buf = new byte[64 * 1024];
        for (int k; (k = in.read(buf)) > 0; ) {
          sha.update(buf, 0, k);
        }
      }
      assertEquals(sent, HexFormat.of().formatHex(sha.digest()));
    }
  }

  private String err() throws java.io.IOException {
    Path f = root.resolve("child.err");
    return Files.exists(f) ? "\n" + Files.readString(f) : "";
  }
}
