package dev.msgstore.commands.imsbackup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.Main;
import dev.msgstore.journal.ChildJava;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.AppendOptions;
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

/**
 * A 100 MB message goes through {@code imsbackup -f - | imsrestore -f -}, two processes of their
 * own joined by a pipe, each with a heap of 64 MB: the stream is written and read in constant
 * memory, the body never whole in heap.
 */
class ConstantMemoryTest {
  static final long SIZE = 100L << 20;

  @TempDir Path dir;

  /** A message of {@code size} bytes made as it is read: headers, then numbered lines. */
  static InputStream bigMessage(long size) {
    byte[] head =
        "From: big@example.com\r\nSubject: big\r\nMessage-ID: <big@example.com>\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    return new InputStream() {
      long pos;
      byte[] line = new byte[0];
      int at;
      long n;

      @Override
      public int read() {
        if (pos >= size) {
          return -1;
        }
        int b;
        if (pos < head.length) {
          b = head[(int) pos];
        } else {
          if (at == line.length) {
            line =
                ("line " + (n++) + " of a large message, 0123456789abcdef\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            at = 0;
          }
          b = line[at++];
        }
        pos++;
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) {
        if (pos >= size) {
          return -1;
        }
        int i = 0;
        for (; i < len && pos < size; i++) {
          buf[off + i] = (byte) read();
        }
        return i;
      }
    };
  }

  @Test
  void aHundredMegabyteBodyStreamsThroughSmallHeaps() throws Exception {
    Path source = dir.resolve("source");
    Path target = dir.resolve("target");
    try (Store s = Store.open(source)) {
      s.append(
          BackupFixture.AUTHOR,
          "user/joe/INBOX",
          bigMessage(SIZE),
          AppendOptions.DEFAULT.creating());
    }
    Store.open(target).close();
    List<String> heap = List.of("-Xmx64m");
    ProcessBuilder backup =
        new ProcessBuilder(
                ChildJava.command(
                    heap,
                    Main.class.getName(),
                    "imsbackup",
                    "--store",
                    source.toString(),
                    "-f",
                    "-",
                    "user/joe"))
            .redirectError(dir.resolve("backup.err").toFile());
    ProcessBuilder restore =
        new ProcessBuilder(
                ChildJava.command(
                    heap,
                    Main.class.getName(),
                    "imsrestore",
                    "--store",
                    target.toString(),
                    "-f",
                    "-"))
            .redirectError(dir.resolve("restore.err").toFile())
            .redirectOutput(dir.resolve("restore.out").toFile());
    List<Process> pipeline = ProcessBuilder.startPipeline(List.of(backup, restore));
    List<Integer> exits = new ArrayList<>();
    for (Process p : pipeline) {
      if (!p.waitFor(300, TimeUnit.SECONDS)) {
        pipeline.forEach(Process::destroyForcibly);
        throw new IOException("the pipeline did not finish in 300 s");
      }
      exits.add(p.exitValue());
    }
    assertEquals(
        List.of(0, 0),
        exits,
        () -> {
          try {
            return Files.readString(dir.resolve("backup.err"))
                + Files.readString(dir.resolve("restore.err"));
          } catch (IOException e) {
            return e.toString();
          }
        });
    assertEquals(one(source), one(target));
    assertEquals(SIZE, one(target).size());
  }

  static MessageRecord one(Path root) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      MessageRecord m = r.messages(r.mailbox("user/joe/INBOX").orElseThrow().id()).get(0);
      return new MessageRecord(
          0,
          m.uid(),
          m.digest(),
          m.size(),
          m.headerSize(),
          m.internalDate(),
          m.sentDate(),
          m.flags(),
          m.keywords(),
          m.messageId(),
          0);
    }
  }
}
