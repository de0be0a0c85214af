package dev.msgstore.commands.cli;

import static dev.msgstore.commands.Mounts.bindReadOnly;
import static dev.msgstore.commands.Mounts.mountOrSkip;
import static dev.msgstore.commands.Mounts.umount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that cannot be written (a read-only mount, a directory this user may not write) and a
 * file system that is full. A writing verb on a read-only store fails in one line before it opens
 * anything (73 for the mount, 77 for the modes); a delivery that cannot be made durable because the
 * disk is full is a temporary failure (75), so that an MTA retries instead of bouncing. The mounts
 * need root: elsewhere those tests are skipped with a message.
 */
class ReadOnlyAndFullStoreTest {
  @TempDir Path tmp;

  @Test
  void aFullDiskIsATemporaryFailureHoweverItSurfaces() {
    FileSystemException enospc =
        new FileSystemException("/s/bodies/seg-1.body", null, "No space left on device");
    assertEquals(ExitCodes.TEMPORARY, ExitCodes.of(enospc));
    assertEquals(ExitCodes.TEMPORARY, ExitCodes.of(new UncheckedIOException(enospc)));
    assertEquals(
        ExitCodes.TEMPORARY,
        ExitCodes.of(new InternalError("a fault occurred in an unsafe memory access operation")));
    assertEquals(
        "no space left on /s/bodies/seg-1.body; try again once space is freed",
        DiskFull.line(new UncheckedIOException(enospc)));
    // other failures keep their codes
    assertEquals(ExitCodes.IO, ExitCodes.of(new IOException("Input/output error")));
    assertEquals(ExitCodes.SOFTWARE, ExitCodes.of(new InternalError("something else")));
  }

  @Test
  void aWritingVerbOnAReadOnlyMountFailsInOneLineAndChangesNothing() throws Exception {
    Path root = tmp.resolve("store");
    VerbRun.ok("mboxutil", root, "-c", "user/crowe/INBOX");
    Path ro = Files.createDirectory(tmp.resolve("ro"));
    bindReadOnly(root, ro);
    try {
      String where = ro.toAbsolutePath().normalize().toString();
      for (String line :
          List.of(
              "mboxutil -c user/crowe/Sent",
              "mboxutil -d user/crowe/INBOX",
              "configutil -o store.cleanupage -v 5",
              "deliver crowe",
              "reconstruct")) {
        String verb = line.substring(0, line.indexOf(' ') < 0 ? line.length() : line.indexOf(' '));
        VerbRun r = run(ro, line);
        assertEquals(73, r.exit(), line + ": " + r.err());
        assertEquals(
            verb + ": the store in " + where + " is on a read-only file system\n", r.err(), line);
      }
      for (String line : List.of("mboxutil -l", "configutil", "readership", "journal")) {
        VerbRun r = run(ro, line);
        assertEquals(0, r.exit(), line + " on a read-only store: " + r.err());
      }
      assertTrue(run(ro, "mboxutil -l").out().contains("user/crowe/INBOX"));
      // nothing changed: the writable view lists the one mailbox as before
      VerbRun l = VerbRun.ok("mboxutil", root, "-l");
      assertTrue(l.out().contains("user/crowe/INBOX") && !l.out().contains("Sent"), l.out());
    } finally {
      umount(ro);
    }
  }

  @Test
  void aWritingVerbOnAStoreThisUserMayNotWriteExits77() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")),
        "skipped: root writes whatever the modes say, so chmod -w cannot make a store read-only");
    Path root = tmp.resolve("store");
    VerbRun.ok("mboxutil", root, "-c", "user/crowe/INBOX");
    assertTrue(root.toFile().setWritable(false, false));
    try {
      VerbRun r = run(root, "mboxutil -c user/crowe/Sent");
      assertEquals(77, r.exit(), r.err());
      assertEquals(
          "mboxutil: the store in "
              + root.toAbsolutePath().normalize()
              + " is read-only for this user\n",
          r.err());
    } finally {
      assertTrue(root.toFile().setWritable(true, true));
    }
  }

  @Test
  void aFullBodyPartitionMakesDeliverExit75AndTheStoreWorksOnceSpaceIsFreed() throws Exception {
    Path mnt = Files.createDirectory(tmp.resolve("small"));
    mountOrSkip("-t", "tmpfs", "-o", "size=48m", "tmpfs", mnt.toString());
    try {
      Path root = mnt.resolve("store");
      VerbRun.ok("mboxutil", root, "-c", "user/crowe/INBOX");
      assertEquals(0, deliver(root, 1024).exit());
      // leave less free space than the next message needs
      Path filler = mnt.resolve("filler");
      long free = Files.getFileStore(mnt).getUsableSpace();
      Files.write(filler, new byte[(int) (free - 2 * 1024 * 1024)]);
      VerbRun full = deliver(root, 4 * 1024 * 1024);
      assertEquals(75, full.exit(), full.err());
      assertEquals(1, full.err().lines().count(), full.err());
      assertTrue(full.err().contains("no space left on "), full.err());
      try (Stream<Path> files = Files.walk(root)) {
        List<Path> empty =
            files
                .filter(f -> f.getFileName().toString().endsWith(".body"))
                .filter(f -> f.toFile().length() == 0)
                .toList();
        assertEquals(List.of(), empty, "empty segments left by the failed delivery");
      }
      VerbRun listWhileFull = run(root, "mboxutil -l");
      assertEquals(
          0, listWhileFull.exit(), "reading while the disk is full: " + listWhileFull.err());
      Files.delete(filler);
      assertEquals(0, deliver(root, 4 * 1024 * 1024).exit());
      VerbRun l = VerbRun.ok("mboxutil", root, "-l");
      assertTrue(l.out().contains("user/crowe/INBOX"), l.out());
      assertEquals(2, count(root), "the two acknowledged messages");
    } finally {
      umount(mnt);
    }
  }

  private static long count(Path root) {
    return VerbRun.read(root, r -> r.mailbox("user/crowe/INBOX").orElseThrow().messages());
  }

  private static VerbRun deliver(Path root, int bodyBytes) {
    byte[] head = "From: a@example.com\r\nSubject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] message = Arrays.copyOf(head, head.length + bodyBytes);
    Arrays.fill(message, head.length, message.length, (byte) 'x');
    return VerbRun.run(
        new ByteArrayInputStream(message), v -> {}, "deliver", "--store", root.toString(), "crowe");
  }

  private static VerbRun run(Path root, String line) {
    List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
    args.addAll(1, List.of("--store", root.toString()));
    return VerbRun.run(
        new ByteArrayInputStream("From: a@b\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)),
        v -> {},
        args.toArray(String[]::new));
  }
}
