package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.event.MessageCountAdapter;
import jakarta.mail.event.MessageCountEvent;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.angus.mail.imap.AppendUID;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The imap component through a real client library: Angus Mail (Jakarta Mail's IMAP). */
class AngusMailTest {
  @TempDir Path root;
  private ImapServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, "joe", "ann");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Store connect(String user) throws Exception {
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(server.port()));
    p.put("mail.imap.connectiontimeout", "10000");
    p.put("mail.imap.timeout", "20000");
    Store s = Session.getInstance(p).getStore("imap");
    s.connect(user, "pw-" + user);
    return s;
  }

  @Test
  void listSelectFetchStoreCopyMoveExpunge() throws Exception {
    server.deliver("user/joe/INBOX", ImapServer.message("first", "Hello Joe"));
    server.deliver("user/joe/INBOX", ImapServer.message("second", "Second body"));
    try (Store s = connect("joe")) {
      Folder work = s.getFolder("Work");
      assertTrue(work.create(Folder.HOLDS_MESSAGES));
      assertEquals(
          "INBOX,Work",
          String.join(
              ",", Arrays.stream(s.getDefaultFolder().list("*")).map(Folder::getName).toList()));

      IMAPFolder inbox = (IMAPFolder) s.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      assertEquals(2, inbox.getMessageCount());
      Message first = inbox.getMessage(1);
      assertEquals("first", first.getSubject());
      assertEquals("Hello Joe\r\n", first.getContent());
      assertEquals(1, inbox.getUID(first));
      first.setFlag(Flags.Flag.FLAGGED, true);
      assertTrue(first.isSet(Flags.Flag.SEEN), "reading the body set \\Seen");

      // another session sees the flags this one stored
      try (Store other = connect("joe")) {
        Folder again = other.getFolder("INBOX");
        again.open(Folder.READ_ONLY);
        Flags f = again.getMessage(1).getFlags();
        assertTrue(f.contains(Flags.Flag.FLAGGED) && f.contains(Flags.Flag.SEEN), f.toString());
        assertFalse(again.getMessage(2).isSet(Flags.Flag.SEEN));
        again.close(false);
      }

      inbox.copyMessages(new Message[] {first}, work);
      Message second = inbox.getMessage(2);
      inbox.moveMessages(new Message[] {second}, work);
      assertTrue(second.isExpunged(), "MOVE expunged the original");
      first.setFlag(Flags.Flag.DELETED, true);
      Message[] gone = inbox.expunge(); // (Angus also lists the one MOVE expunged)
      assertTrue(Arrays.asList(gone).contains(first));
      assertTrue(first.isExpunged());
      inbox.close(false);

      work.open(Folder.READ_ONLY);
      assertEquals(2, work.getMessageCount());
      assertEquals("first", work.getMessage(1).getSubject());
      assertEquals("second", work.getMessage(2).getSubject());
      work.close(false);
    }
  }

  @Test
  void appendGivesTheUidAndAWrongPasswordIsRefused() throws Exception {
    try (Store s = connect("ann")) {
      IMAPFolder inbox = (IMAPFolder) s.getFolder("INBOX");
      MimeMessage m =
          new MimeMessage(
              (Session) null,
              new ByteArrayInputStream(
                  ImapServer.message("appended", "body").getBytes(StandardCharsets.US_ASCII)));
      AppendUID[] uids = inbox.appendUIDMessages(new Message[] {m});
      assertEquals(1, uids[0].uid);
      inbox.open(Folder.READ_ONLY);
      assertEquals(uids[0].uidvalidity, inbox.getUIDValidity());
      assertEquals("appended", inbox.getMessageByUID(1).getSubject());
      inbox.close(false);
      // joe's mailboxes are not ann's to see
      assertFalse(s.getFolder("Other Users/joe/INBOX").exists());
    }
    Properties p = new Properties();
    p.put("mail.imap.host", "127.0.0.1");
    p.put("mail.imap.port", Integer.toString(server.port()));
    Store bad = Session.getInstance(p).getStore("imap");
    assertThrows(AuthenticationFailedException.class, () -> bad.connect("ann", "wrong"));
  }

  @Test
  void idleSeesADelivery() throws Exception {
    try (Store s = connect("joe")) {
      IMAPFolder inbox = (IMAPFolder) s.getFolder("INBOX");
      inbox.open(Folder.READ_WRITE);
      CountDownLatch arrived = new CountDownLatch(1);
      inbox.addMessageCountListener(
          new MessageCountAdapter() {
            @Override
            public void messagesAdded(MessageCountEvent e) {
              arrived.countDown();
            }
          });
      Thread idler =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      inbox.idle(true);
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                  });
      Thread.sleep(300); // the IDLE command is under way (a delivery before it is seen too)
      server.deliver("user/joe/INBOX", ImapServer.message("pushed", "while idling"));
      assertTrue(arrived.await(10, TimeUnit.SECONDS), "IDLE pushed the new message");
      idler.join(10_000);
      assertFalse(idler.isAlive());
      assertEquals(1, inbox.getMessageCount());
      assertEquals("pushed", inbox.getMessage(1).getSubject());
      assertNotNull(inbox.getMessage(1).getReceivedDate());
      assertArrayEquals(new Message[0], inbox.expunge());
      inbox.close(false);
    }
  }
}
