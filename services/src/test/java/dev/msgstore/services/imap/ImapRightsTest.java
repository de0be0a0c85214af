package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.SharedAccess;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.SetAcl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACLs on the IMAP paths (RFC 4314 section 4): ann's folder shared with joe, right by right, each
 * denied without it and allowed with it. Joe sees it as {@code Other Users/ann/Shared}.
 */
class ImapRightsTest {
  @TempDir Path root;
  private ImapServer server;
  private static final String SHARED = "\"Other Users/ann/Shared\"";

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, "joe", "ann");
    server.store.execute(ImapServer.ADMIN, new CreateMailbox("user/ann/Shared", null));
    server.deliver("user/ann/Shared", ImapServer.message("shared", "for joe"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void grant(String rights) {
    server.store.execute(ImapServer.ADMIN, new SetAcl("user/ann/Shared", "joe", rights));
  }

  /**
   * Joe's session after logging in: for each command, its tagged status (tag removed), preceded by
   * the LIST lines it got, if any, each on its own line.
   */
  private List<String> joe(String... commands) throws IOException {
    List<String> tagged = new ArrayList<>();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      in.readLine();
      List<String> all = new ArrayList<>(List.of("l LOGIN joe pw-joe"));
      all.addAll(List.of(commands));
      for (int i = 0; i < all.size(); i++) {
        String cmd = all.get(i);
        String tag = cmd.substring(0, cmd.indexOf(' '));
        out.write((cmd + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        StringBuilder lists = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
          if (line.startsWith(tag + " ")) {
            if (i > 0) {
              tagged.add(lists + line.substring(tag.length() + 1));
            }
            break;
          }
          if (line.startsWith("* LIST")) {
            lists.append(line).append('\n');
          }
        }
      }
    }
    return tagged;
  }

  private static void denied(String answer) {
    assertTrue(answer.startsWith("NO "), answer);
  }

  private static void allowed(String answer) {
    assertTrue(answer.startsWith("OK"), answer);
  }

  @Test
  void lookupAndRead() throws Exception {
    List<String> none =
        joe("a LIST \"\" *", "b SELECT " + SHARED, "c STATUS " + SHARED + " (MESSAGES)");
    assertEquals(
        "* LIST (\\HasNoChildren) \"/\" \"INBOX\"\nOK LIST completed",
        none.get(0),
        "no shared folder listed without l");
    assertTrue(none.get(1).startsWith("NO [NONEXISTENT]"), none.get(1));
    denied(none.get(2));
    grant("l");
    List<String> lookup = joe("a LIST \"\" *", "b SELECT " + SHARED);
    assertTrue(lookup.get(0).contains("\"Other Users/ann/Shared\""), lookup.toString());
    assertTrue(lookup.get(1).startsWith("NO [NOPERM]"), lookup.toString());
    grant("lr");
    List<String> read = joe("b SELECT " + SHARED, "c FETCH 1 BODY[]", "d STORE 1 +FLAGS (\\Seen)");
    assertTrue(read.get(0).startsWith("OK [READ-ONLY]"), read.toString());
    try (ProjectionReader r = server.store.read()) {
      long id = r.mailbox("user/ann/Shared").orElseThrow().id();
      assertEquals(
          List.of("joe"),
          r.readership(id).stream().map(SharedAccess::userId).toList(),
          "readership counts joe's SELECT");
    }
    allowed(read.get(1));
    denied(read.get(2));
  }

  @Test
  void seenWriteDeleteExpunge() throws Exception {
    grant("lrs");
    List<String> seen =
        joe("b SELECT " + SHARED, "c STORE 1 +FLAGS (\\Seen)", "d STORE 1 +FLAGS (\\Flagged)");
    assertTrue(seen.get(0).startsWith("OK [READ-WRITE]"), seen.toString());
    allowed(seen.get(1));
    denied(seen.get(2));
    grant("lrsw");
    allowed(joe("b SELECT " + SHARED, "d STORE 1 +FLAGS (\\Flagged)").get(1));
    List<String> noDelete = joe("b SELECT " + SHARED, "e STORE 1 +FLAGS (\\Deleted)");
    denied(noDelete.get(1));
    grant("lrswt");
    List<String> delete = joe("b SELECT " + SHARED, "e STORE 1 +FLAGS (\\Deleted)", "f EXPUNGE");
    allowed(delete.get(1));
    denied(delete.get(2));
    grant("lrswte");
    allowed(joe("b SELECT " + SHARED, "f EXPUNGE").get(1));
  }

  @Test
  void insertCreateAndDeleteMailbox() throws Exception {
    grant("lr");
    List<String> noInsert =
        joe(
            "a APPEND " + SHARED + " {10+}\r\nSubject: x",
            "b CREATE \"Other Users/ann/Shared/sub\"",
            "c DELETE " + SHARED);
    denied(noInsert.get(0));
    denied(noInsert.get(1));
    denied(noInsert.get(2));
    grant("lrikx");
    List<String> all =
        joe(
            "a APPEND " + SHARED + " {10+}\r\nSubject: x",
            "b CREATE \"Other Users/ann/Shared/sub\"",
            "c DELETE " + SHARED);
    allowed(all.get(0));
    allowed(all.get(1));
    allowed(all.get(2));
  }
}
