package dev.msgstore.services.imap.message;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.store.Store;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * A child JVM (started with a small heap by {@link BigMessageTest}) that reads a big message
 * through the library: structure, envelope, a big section streamed, a search to its end.
 */
public final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) throws Exception {
    try (Store s = Store.open(Path.of(args[0]));
        MessageStructures ms = MessageStructures.open(s)) {
      MailboxRecord box;
      MessageRecord m;
      try (ProjectionReader r = s.read()) {
        box = r.mailbox(args[1]).orElseThrow();
        m = r.messages(box.id()).get(0);
      }
      System.out.println(
          "BODYSTRUCTURE " + ((FetchValue.Atom) ms.bodyStructure(box, m, true)).value());
      System.out.println("ENVELOPE " + ((FetchValue.Atom) ms.envelope(box, m)).value());
      for (String part : new String[] {"2", "3", ""}) {
        Section sec = part.isEmpty() ? Section.all() : Mime.sec(part);
        SectionBytes b = ms.section(box, m, sec);
        long read = 0;
        byte[] buf = new byte[8192];
        try (InputStream in = b.open().get()) {
          for (int n; (n = in.read(buf)) > 0; ) {
            read += n;
          }
        }
        System.out.println("SECTION " + part + " " + b.size() + " " + read);
      }
      for (String needle : new String[] {"NEEDLE at the end", "not in there"}) {
        System.out.println(
            "SEARCH "
                + needle
                + " "
                + ms.matches(box, m, new TextSearch(TextSearch.Where.BODY, null, needle)));
      }
      System.out.println("PARSES " + ms.parses());
    }
  }
}
