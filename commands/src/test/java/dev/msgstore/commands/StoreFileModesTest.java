package dev.msgstore.commands;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.journal.FileTrees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store holds every user's mail: nobody but its owner (or, when {@code store.fileaccess} says so,
 * its group) may read any file of it, whatever the umask of the process that wrote it.
 */
class StoreFileModesTest {
  @TempDir Path tmp;
  Path root;

  @BeforeEach
  void umaskLetsOthersRead() throws IOException {
    // Under a umask of 077 every file would be private anyway and the test would prove nothing.
    Path probe = Files.createFile(tmp.resolve("probe"));
    assumeTrue(
        Files.getPosixFilePermissions(probe).contains(PosixFilePermission.OTHERS_READ),
        "the umask already keeps files private: run the test under umask 022");
    Files.delete(probe);
    root = tmp.resolve("store");
  }

  @Test
  void afterADemoRunTheRootIs0700AndEveryFile0600() throws IOException {
    Cli demo = Cli.run("demo", "--store", root.toString(), "--users", "2", "--messages", "3");
    assertEquals(0, demo.exit(), demo.err());

    assertEquals(List.of(), wrongModes(root, "rwx------", "rw-------"));
    assertTrue(count(root) > 10, "the demo made the files of a store");
  }

  @Test
  void theGroupOptionOpensTheWholeStoreAndAPartitionElsewhereToTheGroup() throws IOException {
    Path second = tmp.resolve("second");
    assertEquals(0, Cli.run("mboxutil", "--store", root.toString(), "-c", "user/joe").exit());
    Cli set =
        Cli.run(
            "configutil",
            "--store",
            root.toString(),
            "-o",
            "store.partition.second.path",
            "-v",
            second.toString());
    assertEquals(0, set.exit(), set.err());
    Cli group =
        Cli.run(
            "configutil", "--store", root.toString(), "-o", "store.fileaccess", "-v", "group-read");
    assertEquals(0, group.exit(), group.err());
    Cli move =
        Cli.run(
            "mboxutil",
            "--store",
            root.toString(),
            "-r",
            "user/joe/INBOX",
            "user/joe/INBOX",
            "second");
    assertEquals(0, move.exit(), move.err());
    byte[] message = "From: a@example.com\r\nSubject: hi\r\n\r\nhello\r\n".getBytes(US_ASCII);
    VerbRun deliver =
        VerbRun.run(
            new ByteArrayInputStream(message),
            v -> {},
            "deliver",
            "--store",
            root.toString(),
            "joe");
    assertEquals(0, deliver.exit(), deliver.err());

    assertEquals(List.of(), wrongModes(root, "rwxr-x---", "rw-r-----"));
    assertEquals(List.of(), wrongModes(second, "rwxr-x---", "rw-r-----"));
    assertTrue(count(second) > 0, "the move wrote to the second partition");

    Cli back =
        Cli.run("configutil", "--store", root.toString(), "-o", "store.fileaccess", "-v", "owner");
    assertEquals(0, back.exit(), back.err());
    assertEquals(List.of(), wrongModes(root, "rwx------", "rw-------"));
    assertEquals(List.of(), wrongModes(second, "rwx------", "rw-------"));
  }

  @Test
  void aValueTheOptionDoesNotTakeIsRefusedAndChangesNothing() throws IOException {
    assertEquals(0, Cli.run("mboxutil", "--store", root.toString(), "-c", "user/joe").exit());
    Cli bad =
        Cli.run("configutil", "--store", root.toString(), "-o", "store.fileaccess", "-v", "world");
    assertEquals(65, bad.exit(), bad.err());
    assertEquals(
        "configutil: store.fileaccess takes one of owner, group-read, group-write, not 'world'\n",
        bad.err());
    assertEquals(List.of(), wrongModes(root, "rwx------", "rw-------"));
  }

  @Test
  void aConfigutilThatOnlyReadsMakesTheConfigurationFilesPrivate() throws IOException {
    assertEquals(0, Cli.run("mboxutil", "--store", root.toString(), "-c", "user/joe").exit());
    FileTrees.delete(root.resolve("config"));

    // it writes config/ anew and opens no journal: no walk over the store comes after it
    Cli get = Cli.run("configutil", "--store", root.toString(), "-o", "store.fileaccess");
    assertEquals(0, get.exit(), get.err());

    assertTrue(Files.isRegularFile(root.resolve("config").resolve("msg.conf")));
    assertEquals(List.of(), wrongModes(root, "rwx------", "rw-------"));
  }

  /** Each directory and regular file under {@code tree} whose mode is not the one expected. */
  private static List<String> wrongModes(Path tree, String directory, String file)
      throws IOException {
    Set<PosixFilePermission> d = PosixFilePermissions.fromString(directory);
    Set<PosixFilePermission> f = PosixFilePermissions.fromString(file);
    List<String> wrong = new ArrayList<>();
    try (Stream<Path> all = Files.walk(tree)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isSymbolicLink(p)) {
          continue;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
        if (!mode.equals(dir ? d : f)) {
          wrong.add(tree.relativize(p) + " " + PosixFilePermissions.toString(mode));
        }
      }
    }
    return wrong;
  }

  private static long count(Path tree) throws IOException {
    try (Stream<Path> all = Files.walk(tree)) {
      return all.filter(Files::isRegularFile).count();
    }
  }
}
