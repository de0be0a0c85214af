package dev.msgstore.store.crash;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.MessageEvent;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Outcome;
import dev.msgstore.store.Store;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A child JVM that delivers messages and prints {@code ACK uid digest} for each one only after
 * Store acknowledged it: the parent test kills it and checks that every ACK survived.
 *
 * <p>Arguments: store root, mailbox, how many messages, a tag that makes bodies unique.
 */
public final class DeliveryLoop {
  private DeliveryLoop() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String mailbox = args[1];
    long count = Long.parseLong(args[2]);
    String tag = args[3];
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    Author author = Author.of("crash-test", "DeliveryLoop " + tag);
    try (Store s = Store.open(root)) {
      out.println("READY");
      out.flush();
      for (long i = 0; i < count; i++) {
        byte[] body =
            ("Message-ID: <"
                    + tag
                    + "."
                    + i
                    + "@crash>\r\nSubject: "
                    + i
                    + "\r\n\r\n"
                    + ("body " + tag + " " + i + "\r\n").repeat(1 + (int) (i % 200)))
                .getBytes(StandardCharsets.US_ASCII);
        Outcome o =
            s.append(
                author, mailbox, new ByteArrayInputStream(body), AppendOptions.DEFAULT.creating());
        MessageEvent.Appended a = o.eventsOf(MessageEvent.Appended.class).get(0);
        out.println("ACK " + a.uid() + " " + a.digest().hex());
        out.flush();
      }
    }
    out.println("DONE");
    out.flush();
  }
}
