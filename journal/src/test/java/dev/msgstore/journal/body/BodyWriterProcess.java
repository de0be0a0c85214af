package dev.msgstore.journal.body;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A separate process for crash tests: stores bodies one after another and prints {@code ACK
 * <digest>} for each once {@code put} has returned, until it is killed.
 */
public final class BodyWriterProcess {
  private BodyWriterProcess() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    Random random = new Random(seed);
    try (SegmentBodyStore store = SegmentBodyStore.open(dir)) {
      for (long i = 0; ; i++) {
        byte[] body = new byte[500 + random.nextInt(20_000)];
        random.nextBytes(body);
        StoredBody stored = store.put(body);
        System.out.println("ACK " + stored.digest().hex());
        System.out.flush();
      }
    }
  }
}
