package dev.msgstore.journal.body;

import static dev.msgstore.journal.body.BodyStoreContract.body;
import static dev.msgstore.journal.body.TestSegments.onlySegment;
import static java.nio.file.StandardOpenOption.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.ChildJava;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a writing process, run as a real separate process. */
class SegmentCrashTest {

  @Test
  void everyAcknowledgedBodySurvivesKillDashNineOfItsWriter(@TempDir Path dir) throws Exception {
    Process child = startWriterProcess(dir, 77);
    List<Digest> acked = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (var lines = child.inputReader()) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                      if (line.startsWith("ACK ")) {
                        acked.add(Digest.parse(line.substring(4)));
                      }
                    }
                  } catch (IOException e) {
                    // the child was killed
                  }
                });
    try {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (acked.size() < 200 && child.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(acked.size() >= 200, "child acknowledged " + acked.size() + " bodies");
      // While the writer lives its segment is locked: opening here must neither truncate it nor
      // need it to be sealed to read what the writer indexed.
      try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
        Path childSegment = onlySegment(dir);
        for (Digest d : List.copyOf(acked)) {
          assertEquals(BodyCheck.OK, store.verify(d));
        }
        assertEquals(0, store.compact(d -> false), "a live writer's segment is not compacted");
        assertTrue(Files.exists(childSegment));
      }
    } finally {
      child.destroyForcibly(); // SIGKILL, mid-append more often than not
      child.waitFor();
      reader.join();
    }
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (Digest d : acked) {
        assertEquals(BodyCheck.OK, store.verify(d), d.hex());
      }
      Path seg = onlySegment(dir);
      long length = Files.size(seg);
      try (FileChannel ch = FileChannel.open(seg, READ)) {
        long end = SegmentScanner.scan(ch, "check", 0, true, false, f -> {});
        assertEquals(length, end, "the torn tail, if any, was truncated");
      }
      store.put(body(100, 78)); // and the store takes new bodies
    }
  }

  private static Process startWriterProcess(Path dir, long seed) throws IOException {
    List<String> cmd =
        ChildJava.command(
            List.of("-Xmx128m"),
            BodyWriterProcess.class.getName(),
            dir.toString(),
            Long.toString(seed));
    return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }
}
