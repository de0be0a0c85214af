package dev.msgstore.services.pop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.util.Properties;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pop component through a real client library: Angus Mail's POP3 provider. */
class AngusMailPop3Test {
  @TempDir Path root;

  private static Store connect(PopServer server, String user, String password) throws Exception {
    Properties p = new Properties();
    p.put("mail.pop3.host", "127.0.0.1");
    p.put("mail.pop3.port", Integer.toString(server.port()));
    p.put("mail.pop3.connectiontimeout", "10000");
    p.put("mail.pop3.timeout", "20000");
    Store s = Session.getInstance(p).getStore("pop3");
    s.connect(user, password);
    return s;
  }

  @Test
  void readUidsDeleteOnCloseAndAWrongPassword() throws Exception {
    try (PopServer server = new PopServer(root, "joe")) {
      server.deliver("joe", PopServer.message("first", "Hello Joe"));
      server.deliver("joe", PopServer.message("second", "Second body"));
      String firstUid;
      String secondUid;
      try (Store s = connect(server, "joe", "pw-joe")) {
        POP3Folder inbox = (POP3Folder) s.getFolder("INBOX");
        inbox.open(Folder.READ_WRITE);
        assertEquals(2, inbox.getMessageCount());
        Message first = inbox.getMessage(1);
        assertEquals("first", first.getSubject());
        assertEquals("Hello Joe\r\n", first.getContent());
        firstUid = inbox.getUID(first);
        secondUid = inbox.getUID(inbox.getMessage(2));
        assertNotEquals(firstUid, secondUid);
        first.setFlag(Flags.Flag.DELETED, true);
        inbox.close(true); // DELE then QUIT
      }
      try (Store s = connect(server, "joe", "pw-joe")) {
        POP3Folder inbox = (POP3Folder) s.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        assertEquals(1, inbox.getMessageCount());
        assertEquals("second", inbox.getMessage(1).getSubject());
        assertEquals(secondUid, inbox.getUID(inbox.getMessage(1)));
        inbox.close(false);
      }
      assertThrows(AuthenticationFailedException.class, () -> connect(server, "joe", "wrong"));
    }
  }
}
