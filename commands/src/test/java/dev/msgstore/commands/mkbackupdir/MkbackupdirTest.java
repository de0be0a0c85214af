package dev.msgstore.commands.mkbackupdir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.store.StoreLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup directory from backup-groups.conf, synchronized with the store on each run. */
class MkbackupdirTest {
  @TempDir Path dir;

  List<String> tree(Path root) throws Exception {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> !p.equals(root))
          .map(p -> root.relativize(p).toString() + (Files.isDirectory(p) ? "/" : ""))
          .sorted()
          .toList();
    }
  }

  @Test
  void groupsUsersFoldersAndNsrFilesAndASecondRunSynchronizes() throws Exception {
    Path store = dir.resolve("store");
    for (String m :
        List.of(
            "user/ann/INBOX",
            "user/ann/Archive",
            "user/ann/Archive/2025",
            "user/bob/INBOX",
            "user/carl/INBOX")) {
      VerbRun.ok("mboxutil", store, "-c", m);
    }
    Path conf = StoreLayout.config(store).resolve("backup-groups.conf");
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, "# groups\ngroupA=a*\ngroupB=b*\n");
    Path backup = dir.resolve("backup");
    VerbRun.ok("mkbackupdir", store, "-p", backup.toString());
    assertEquals(
        List.of(
            "primary/",
            "primary/groupA/",
            "primary/groupA/ann/",
            "primary/groupA/ann/.nsr",
            "primary/groupA/ann/Archive.msg",
            "primary/groupA/ann/Archive/",
            "primary/groupA/ann/Archive/2025",
            "primary/groupA/ann/INBOX",
            "primary/groupB/",
            "primary/groupB/bob/",
            "primary/groupB/bob/.nsr",
            "primary/groupB/bob/INBOX"),
        tree(backup));
    assertEquals(
        "imsasm: INBOX Archive.msg Archive/2025\n",
        Files.readString(backup.resolve("primary/groupA/ann/.nsr")));
    assertEquals(0, Files.size(backup.resolve("primary/groupA/ann/INBOX")));
    VerbRun.ok("mboxutil", store, "-d", "user/ann/Archive/2025");
    VerbRun.ok("mboxutil", store, "-d", "user/bob/INBOX");
    VerbRun again = VerbRun.ok("mkbackupdir", store, "-p", backup.toString(), "-v");
    assertTrue(again.out().contains("removed primary/groupB/bob/INBOX"), again.out());
    assertFalse(Files.exists(backup.resolve("primary/groupB")));
    // Archive has no subfolder now: a file, not a directory and a .msg
    assertTrue(Files.isRegularFile(backup.resolve("primary/groupA/ann/Archive")));
    assertFalse(Files.exists(backup.resolve("primary/groupA/ann/Archive.msg")));

    Files.writeString(conf, "groupA=a*\nbad line\n");
    VerbRun bad =
        VerbRun.run(
            "mkbackupdir", "--store", store.toString(), "-p", dir.resolve("other").toString());
    assertEquals(65, bad.exit());
    assertEquals("mkbackupdir: " + conf + ", line 2: not groupname=pattern\n", bad.err());
    assertFalse(Files.exists(dir.resolve("other")), "nothing ran");
  }
}
