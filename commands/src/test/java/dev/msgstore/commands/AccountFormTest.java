package dev.msgstore.commands;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.reconstruct.ReconstructReport;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.MailboxRecord;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code user/joe}, the account form, names joe's INBOX wherever a verb takes a mailbox (as the
 * reference's {@code imcheck -m user/jdoe}); deleting it deletes the account.
 */
class AccountFormTest {
  @TempDir Path root;

  @BeforeEach
  void joeWithAFolder() {
    VerbRun.ok("mboxutil", root, "-c", "user/joe");
    VerbRun.ok("mboxutil", root, "-c", "user/joe/Sent");
  }

  @Test
  void creatingTheAccountFormCreatesTheInbox() {
    assertEquals(List.of("user/joe/INBOX", "user/joe/Sent"), names());
  }

  @Test
  void aDryRunOfDeletingTheAccountSaysWhatItWouldDoAndDoesNothing() {
    VerbRun r = VerbRun.run("--dry-run", "mboxutil", "--store", root.toString(), "-d", "user/joe");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.err().startsWith("dry run, would commit: "), r.err());
    assertTrue(r.err().contains("user/joe/INBOX"), r.err());
    assertEquals(List.of("user/joe/INBOX", "user/joe/Sent"), names());
  }

  @Test
  void deletingTheAccountFormDeletesTheAccount() {
    VerbRun.ok("mboxutil", root, "-d", "user/joe");
    assertEquals(List.of(), names());
  }

  @Test
  void imcheckShowsTheInboxOfTheAccount() {
    VerbRun account = VerbRun.ok("imcheck", root, "-m", "user/joe");
    assertEquals(VerbRun.ok("imcheck", root, "-m", "user/joe/INBOX").out(), account.out());
    assertTrue(account.out().contains("user/joe/INBOX"), account.out());
  }

  @Test
  void restoreAndReadershipTakeTheAccountForm() {
    assertEquals(
        "user/joe/INBOX: 0 restored\n", VerbRun.ok("mboxutil", root, "-R", "user/joe").out());
    VerbRun.ok("readership", root, "-s", "user/joe", "ann", "lr");
    long inbox = VerbRun.read(root, r -> r.mailbox("user/joe/INBOX").orElseThrow().id());
    assertEquals(
        List.of(new AclEntry(inbox, "ann", "lr")), VerbRun.read(root, r -> r.aclOf("ann")));
  }

  @Test
  void reconstructTakesTheAccountAsTheInboxOrWithMinusRTheWholeAccount() {
    byte[] message = "From: a@example.com\r\nSubject: t\r\n\r\nhi\r\n".getBytes(UTF_8);
    for (List<String> to : List.of(List.of("joe"), List.of("-m", "Sent", "joe"))) {
      List<String> args = new ArrayList<>(List.of("deliver", "--store", root.toString()));
      args.addAll(to);
      VerbRun d =
          VerbRun.run(new ByteArrayInputStream(message), v -> {}, args.toArray(String[]::new));
      assertEquals(0, d.exit(), d.err());
    }
    assertEquals(1, checked(VerbRun.ok("reconstruct", root, "-n", "user/joe")));
    assertEquals(2, checked(VerbRun.ok("reconstruct", root, "-n", "-r", "user/joe")));
  }

  private static long checked(VerbRun r) {
    return r.result(ReconstructReport.class).bodies().figures().items();
  }

  private List<String> names() {
    return VerbRun.read(
        root, r -> r.mailboxes("user/joe/").stream().map(MailboxRecord::name).toList());
  }
}
