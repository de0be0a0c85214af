package dev.msgstore.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.EndMove;
import dev.msgstore.store.command.SetQuota;
import dev.msgstore.store.command.StartMove;
import dev.msgstore.store.command.Subscribe;
import dev.msgstore.store.delivery.DeliveryRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rehostuser's account lock, as the store layer keeps it. */
class MoveLockTest {
  @TempDir Path root;

  @Test
  void aLockedAccountTakesNoChangeNoMailAndNoLoginUntilTheMoveEnds() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(StoreTest.ADMIN, new CreateMailbox("user/joe/INBOX", null));
      StoreTest.append(s, "user/joe/INBOX", "<1@x>");
      s.execute(StoreTest.ADMIN, new CreateMailbox("user/ann/INBOX", null));
      s.execute(StoreTest.ADMIN, new StartMove("joe", "mail2", "", false));

      Rejected append =
          assertThrows(Rejected.class, () -> StoreTest.append(s, "user/joe/INBOX", "<2@x>"));
      assertEquals(Rejected.Kind.BUSY, append.kind());
      assertEquals(
          "user joe is being moved to mail2: nothing of theirs may change until it ends",
          append.getMessage());
      assertThrows(
          Rejected.class,
          () -> s.execute(StoreTest.ADMIN, new CreateMailbox("user/joe/Drafts", null)));
      assertThrows(
          Rejected.class,
          () -> s.execute(StoreTest.ADMIN, new Subscribe("joe", "user/joe/INBOX", true)));
      assertThrows(Rejected.class, () -> s.execute(StoreTest.ADMIN, new SetQuota("joe", 1000, -1)));
      StoreTest.append(s, "user/ann/INBOX", "<3@x>"); // others are not locked
      // a rerun of the same move resumes it (nothing written); one to another host is refused
      assertEquals(
          List.of(), s.execute(StoreTest.ADMIN, new StartMove("joe", "mail2", "", false)).events());
      assertEquals(
          Rejected.Kind.BUSY,
          assertThrows(
                  Rejected.class,
                  () -> s.execute(StoreTest.ADMIN, new StartMove("joe", "mail3", "", false)))
              .kind());
      try (ProjectionReader r = s.read();
          DeliveryRules rules = DeliveryRules.of(s)) {
        DeliveryRules.Refused no =
            assertInstanceOf(DeliveryRules.Refused.class, rules.forUser(r, "joe"));
        assertTrue(no.temporary());
        assertEquals(
            "user joe is being moved to mail2: mail is not delivered here for now", no.reason());
        assertInstanceOf(DeliveryRules.Accepted.class, rules.forUser(r, "ann"));
        assertTrue(MoveLock.refusesLogin(r, "joe").isPresent());
      }

      // given up: the account is as it was, and takes changes again
      s.execute(StoreTest.ADMIN, EndMove.abandoned("joe", "mail2", "copy: exit 1"));
      StoreTest.append(s, "user/joe/INBOX", "<4@x>");
      try (ProjectionReader r = s.read()) {
        assertEquals(Optional.empty(), r.userMove("joe"));
        assertEquals(2, r.mailbox("user/joe/INBOX").orElseThrow().messages());
      }
    }
  }

  @Test
  void aMovedAccountIsDeletedHereAndServedAgainOnlyOnceItHasAnInboxHereAgain() throws IOException {
    try (Store s = Store.open(root)) {
      s.execute(StoreTest.ADMIN, new CreateMailbox("user/joe/INBOX", null));
      StoreTest.append(s, "user/joe/INBOX", "<1@x>");
      s.execute(StoreTest.ADMIN, new CreateMailbox("user/joe/Sent", null));
      s.execute(StoreTest.ADMIN, new StartMove("joe", "mail2", "second", true));
      try (ProjectionReader r = s.read()) {
        assertEquals(Optional.empty(), MoveLock.refusesLogin(r, "joe")); // -e: readable
      }
      s.execute(StoreTest.ADMIN, EndMove.done("joe", "mail2", false, null));
      try (ProjectionReader r = s.read();
          DeliveryRules rules = DeliveryRules.of(s)) {
        assertEquals(List.of(), r.mailboxes("user/joe/"));
        assertEquals(Optional.empty(), r.mailbox("user/joe/INBOX"));
        assertEquals(
            "user joe has moved to mail2: mail is not delivered here for now",
            assertInstanceOf(DeliveryRules.Refused.class, rules.forUser(r, "joe")).reason());
        assertTrue(MoveLock.refusesLogin(r, "joe").isPresent());
      }
      // moved back (restored here): served here again
      s.execute(StoreTest.ADMIN, new CreateMailbox("user/joe/INBOX", null));
      try (ProjectionReader r = s.read()) {
        assertEquals(Optional.empty(), r.userMove("joe"));
      }
    }
  }

  @Test
  void aMoveOfAnAccountThisStoreLacksOrOfOneNotMovingIsRefused() {
    try (Store s = Store.open(root)) {
      assertEquals(
          Rejected.Kind.NOT_FOUND,
          assertThrows(
                  Rejected.class,
                  () -> s.execute(StoreTest.ADMIN, new StartMove("nobody", "mail2", "", false)))
              .kind());
      assertThrows(
          Rejected.class,
          () -> s.execute(StoreTest.ADMIN, EndMove.abandoned("nobody", "mail2", "")));
    }
  }
}
