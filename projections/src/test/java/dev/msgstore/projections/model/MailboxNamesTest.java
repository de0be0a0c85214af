package dev.msgstore.projections.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailboxNamesTest {
  @Test
  void theAccountFormNamesTheInbox() {
    assertEquals("user/joe/INBOX", MailboxNames.canonical("user/joe"));
    assertEquals("user/jo@example.com/INBOX", MailboxNames.canonical("user/jo@example.com"));
    assertEquals("user/joe/INBOX", MailboxNames.canonical("user/joe/inbox"));
    assertEquals(Optional.of("joe"), MailboxNames.accountOf("user/joe"));
  }

  @Test
  void patternsAndOtherNamesAreNotAccounts() {
    for (String name : new String[] {"user/", "user/*", "user/jo%", "user/joe/", "shared/news"}) {
      assertEquals(name, MailboxNames.canonical(name));
      assertEquals(Optional.empty(), MailboxNames.accountOf(name));
    }
    assertEquals("user/joe/Sent", MailboxNames.canonical("user/joe/Sent"));
  }
}
