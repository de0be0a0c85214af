package dev.msgstore.commands;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-user directory that hashdir, imcheck -m and mboxutil -x print ({@code
 * <partition>/=user/hh/hh/=uid}) is on disk while the account exists, follows it to another
 * partition with what it holds, and goes with it; a dry run touches none of it.
 */
class UserDirectoryTest {
  @TempDir Path root;

  @Test
  void theDirectoryPrintedExistsWhileTheAccountDoes() {
    VerbRun.ok("mboxutil", root, "-c", "user/joe/INBOX");
    Path printed = imcheckPath("user/joe/INBOX");
    assertTrue(Files.isDirectory(printed), printed + " is not a directory");
    Path hashed =
        root.toAbsolutePath()
            .resolve("partition/primary/=user")
            .resolve(VerbRun.run("hashdir", "-a", "joe").out().strip());
    assertEquals(hashed, printed);
    String listed = VerbRun.ok("mboxutil", root, "-l", "-x", "-p", "user/joe/INBOX").out();
    assertTrue(listed.contains(" path: " + printed + "\n"), listed);

    VerbRun.ok("mboxutil", root, "-d", "user/joe/INBOX");
    assertFalse(Files.exists(printed), printed + " outlived the account");
  }

  @Test
  void aFolderDeletedLeavesTheAccountsDirectory() {
    VerbRun.ok("mboxutil", root, "-c", "user/joe/INBOX");
    VerbRun.ok("mboxutil", root, "-c", "user/joe/Sent");
    Path dir = imcheckPath("user/joe/INBOX");
    VerbRun.ok("mboxutil", root, "-d", "user/joe/Sent");
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void deliveringToANewUsersFolderMakesTheirDirectory() {
    byte[] message = "From: a@example.com\r\nSubject: t\r\n\r\nhi\r\n".getBytes(UTF_8);
    VerbRun d =
        VerbRun.run(
            new ByteArrayInputStream(message),
            v -> {},
            "deliver",
            "--store",
            root.toString(),
            "-c",
            "-m",
            "Projects",
            "newguy");
    assertEquals(0, d.exit(), d.err());
    assertTrue(Files.isDirectory(imcheckPath("user/newguy/INBOX")));
  }

  @Test
  void theDirectoryMovesWithTheAccountAndKeepsItsFiles() throws IOException {
    Path second = root.toAbsolutePath().resolve("partition/second");
    VerbRun.ok("configutil", root, "-o", "store.partition.second.path", "-v", second.toString());
    VerbRun.ok("mboxutil", root, "-c", "user/joe/INBOX");
    VerbRun.ok("mboxutil", root, "-c", "user/joe/Sent");
    Path before = imcheckPath("user/joe/INBOX");
    Files.writeString(before.resolve("expire.rules"), "keep\n");

    VerbRun.ok("mboxutil", root, "-r", "user/joe/INBOX", "user/joe/INBOX", "second");
    Path after = imcheckPath("user/joe/INBOX");
    assertTrue(
        after.startsWith(root.toAbsolutePath().resolve("partition/second")), after.toString());
    assertFalse(Files.exists(before), before + " was left behind");
    assertEquals("keep\n", Files.readString(after.resolve("expire.rules")));
  }

  @Test
  void aDryRunMakesAndRemovesNoDirectory() {
    VerbRun.ok("mboxutil", root, "-c", "user/ann/INBOX");
    VerbRun c = VerbRun.run("--dry-run", "mboxutil", "--store", root.toString(), "-c", "user/joe");
    assertEquals(0, c.exit(), c.err());
    Path joe =
        root.toAbsolutePath()
            .resolve("partition/primary/=user")
            .resolve(VerbRun.run("hashdir", "-a", "joe").out().strip());
    assertFalse(Files.exists(joe), joe + " was made by a dry run");

    Path ann = imcheckPath("user/ann/INBOX");
    VerbRun d = VerbRun.run("--dry-run", "mboxutil", "--store", root.toString(), "-d", "user/ann");
    assertEquals(0, d.exit(), d.err());
    assertTrue(Files.isDirectory(ann), ann + " was removed by a dry run");
  }

  private Path imcheckPath(String mailbox) {
    return VerbRun.ok("imcheck", root, "-m", mailbox)
        .out()
        .lines()
        .filter(l -> l.startsWith("Path: "))
        .map(l -> Path.of(l.substring("Path: ".length())))
        .findFirst()
        .orElseThrow();
  }
}
