package dev.msgstore.commands.user;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.msgstore.commands.LdapStore;
import dev.msgstore.commands.StoreRun;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.EmbeddedDirectory;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import dev.msgstore.store.directory.ldap.LdapFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user and domain verbs on the command line, with exact output. */
class UserCommandTest {
  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String... args) {
    return StoreRun.ok(root, "", args);
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  static String untimed(String text) {
    return text.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>");
  }

  void example() {
    ok("domain", "create", "example.org", "--quota", "10G", "--partition", "primary");
    ok(
        "user",
        "create",
        "joe",
        "--mail",
        "joe@example.com",
        "--alias",
        "j.doe@Example.COM",
        "--quota",
        "5G",
        "--msgquota",
        "100000");
    ok("user", "create", "kim@Example.org", "--alias", "sales@example.org", "--status", "hold");
  }

  @Test
  void createsShowsAndListsUsersAndDomains() {
    example();
    assertEquals(
        """
        user: joe
        mail: joe@example.com
        aliases: j.doe@example.com
        status: active since <time>
        quota: 5G bytes, 100000 messages
        mailhost:\s
        partition:\s
        password: none
        """,
        untimed(ok("user", "show", "joe").out()));
    assertEquals(
        "joe active joe@example.com\nkim@example.org hold kim@example.org\n",
        ok("user", "list").out());
    assertEquals("kim@example.org hold kim@example.org\n", ok("user", "list", "*@*").out());
    assertEquals("joe active joe@example.com\n", ok("user", "list", "%").out());
    assertEquals(
        "kim@example.org hold <time>\n", untimed(ok("user", "status", "kim@example.org").out()));
    assertEquals(
        """
        domain: example.org
        status: active since <time>
        quota: 10G bytes, none messages
        partition: primary
        """,
        untimed(ok("domain", "show", "EXAMPLE.org").out()));
    assertEquals("example.org active\n", ok("domain", "list", "ex*").out());
    assertEquals(
        "{\"name\":\"joe\",\"uid\":\"joe\",\"domain\":\"\",\"mail\":\"joe@example.com\","
            + "\"aliases\":[\"j.doe@example.com\"],\"status\":\"active\",\"statusChanged\":\"<time>\","
            + "\"quotaBytes\":5368709120,\"quotaMessages\":100000,\"mailHost\":\"\","
            + "\"partition\":\"\",\"password\":\"none\"}\n",
        untimed(ok("user", "list", "joe", "--format", "json").out()));
  }

  @Test
  void quotaLimitsSetHereAreTheQuotaProjectionsLimits() {
    example();
    assertEquals(new long[] {5L << 30, 100_000}[0], quota("joe").limitBytes());
    assertEquals(100_000, quota("joe").limitMessages());
    ok("user", "modify", "joe", "--quota", "512K", "--msgquota", "none");
    assertEquals(512 * 1024, quota("joe").limitBytes());
    assertEquals(-1, quota("joe").limitMessages());
    assertTrue(ok("user", "show", "joe").out().contains("quota: 512K bytes, none messages\n"));
  }

  QuotaRecord quota(String root) {
    try (Store s = Store.open(this.root);
        ProjectionReader r = s.read()) {
      return r.quota(root);
    }
  }

  @Test
  void modifyChangesOnlyWhatIsGiven() {
    example();
    ok(
        "user",
        "modify",
        "joe",
        "--alias",
        "postmaster@example.com",
        "--remove-alias",
        "j.doe@EXAMPLE.com");
    ok("user", "status", "joe", "inactive");
    assertEquals(
        """
        user: joe
        mail: joe@example.com
        aliases: postmaster@example.com
        status: inactive since <time>
        quota: 5G bytes, 100000 messages
        mailhost:\s
        partition:\s
        password: none
        """,
        untimed(ok("user", "show", "joe").out()));
  }

  @Test
  void anAddressOfAnotherUserIsRefusedAndNothingIsWritten() {
    example();
    long before = lastIndex();
    StoreRun r =
        run("", "user", "create", "sue", "--alias", "J.Doe@example.com".replace("J.Doe", "j.doe"));
    assertEquals(65, r.exit());
    assertEquals("user: the address j.doe@example.com is already joe's\n", r.err());
    StoreRun m = run("", "user", "modify", "kim@example.org", "--alias", "joe@EXAMPLE.COM");
    assertEquals(65, m.exit());
    assertEquals("user: the address joe@example.com is already joe's\n", m.err());
    assertEquals(before, lastIndex());
  }

  @Test
  void badInputIsOneLineAndChangesNothing() {
    example();
    long before = lastIndex();
    assertEquals(
        new StoreRun(
            64,
            "",
            "user: --quota: not a size: '5X' (bytes, or with K, M or G; none for no limit)\n"),
        run("", "user", "modify", "joe", "--quota", "5X"));
    assertEquals(
        new StoreRun(
            65,
            "",
            "user: unknown user status 'gone' (expected active, inactive, hold, deleted, removed)\n"),
        run("", "user", "status", "joe", "gone"));
    assertEquals(
        new StoreRun(66, "", "user: no such user in the directory: nobody\n"),
        run("", "user", "show", "nobody"));
    assertEquals(
        new StoreRun(73, "", "user: user already exists in the directory: joe\n"),
        run("", "user", "create", "joe"));
    assertEquals(
        new StoreRun(
            66,
            "",
            "user: no such domain in the directory: example.net (create it with domain create)\n"),
        run("", "user", "create", "ann@example.net"));
    assertEquals(
        new StoreRun(
            65, "", "domain: the domain example.org still has 1 user(s): delete them first\n"),
        run("", "domain", "delete", "example.org"));
    assertEquals(
        new StoreRun(
            64,
            "",
            "user: unknown action 'frob' (create, modify, delete, show, list, passwd, status)\n"),
        run("", "user", "frob", "joe"));
    assertEquals(before, lastIndex());
  }

  @Test
  void deleteRemovesTheEntryAndADomainWithoutUsersGoes() {
    example();
    ok("user", "delete", "kim@example.org");
    assertEquals("joe active joe@example.com\n", ok("user", "list").out());
    ok("domain", "delete", "example.org");
    assertEquals("", ok("domain", "list").out());
  }

  @Test
  void aDryRunReportsTheCommitAndWritesNothing() {
    example();
    long before = lastIndex();
    StoreRun r = run("", "--dry-run", "user", "modify", "joe", "--quota", "1G");
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "dry run, would commit: directory.user-entry-modified user=UserEntry[uid=joe, domain=,"
            + " mail=joe@example.com, aliases=[j.doe@example.com], status=active,"
            + " quotaBytes=1073741824, quotaMessages=100000, mailHost=, partition=];"
            + " quota.limit-set root=joe storageBytes=1073741824 messages=100000\n",
        r.err());
    assertEquals(before, lastIndex());
  }

  @Test
  void withAnLdapDirectoryTheVerbsChangeNothing() {
    example();
    ok("configutil", "-o", "store.directory", "-v", "ldap");
    long before = lastIndex();
    for (String[] args :
        List.of(
            new String[] {"user", "create", "ann"},
            new String[] {"user", "modify", "joe", "--quota", "1G"},
            new String[] {"user", "passwd", "joe"},
            new String[] {"domain", "create", "example.net"})) {
      StoreRun r = run("secret\n", args);
      assertEquals(69, r.exit(), r.err());
      assertEquals(
          args[0]
              + ": the directory is managed in LDAP (store.directory=ldap): change it there;"
              + " nothing was changed\n",
          r.err());
    }
    assertEquals(before, lastIndex());
  }

  @Test
  void passwordsComeFromStdinOrAFileAndNeverShow() throws IOException {
    example();
    String fromStdin = "stdin-Secret-42";
    String fromFile = "file-Secret-43";
    StoreRun set = run(fromStdin + "\n", "user", "passwd", "joe");
    assertEquals(0, set.exit(), set.err());
    assertTrue(authenticates("joe", fromStdin));
    Path file = root.resolveSibling(root.getFileName() + ".pw");
    Files.writeString(file, fromFile + "\r\n");
    StoreRun created =
        run("", "user", "create", "ann", "--password-file", file.toString(), "--format", "json");
    assertEquals(0, created.exit(), created.err());
    assertTrue(authenticates("ann", fromFile));
    assertFalse(authenticates("ann", fromStdin));
    StoreRun unknown = run(fromStdin + "\n", "user", "passwd", "nobody");
    assertEquals(66, unknown.exit());
    StoreRun empty = run("\n", "user", "passwd", "joe");
    assertEquals(new StoreRun(65, "", "user: the password is empty; nothing was changed\n"), empty);

    List<String> shown = new ArrayList<>();
    for (StoreRun r :
        List.of(
            set,
            created,
            unknown,
            ok("journal"),
            ok("journal", "--type", "directory"),
            ok("journal", "--format", "json"),
            ok("user", "show", "joe", "--format", "json"),
            ok("user", "list", "--format", "json"),
            run("", "--dry-run", "user", "passwd", "joe", "--password-file", file.toString()))) {
      shown.add(r.out());
      shown.add(r.err());
    }
    String hash;
    try (Store s = Store.open(root)) {
      hash = s.read().directoryUser("joe").orElseThrow().password().encoded();
    }
    assertTrue(hash.startsWith("pbkdf2-sha256$600000$"), hash);
    String all = String.join("\n", shown);
    assertTrue(all.contains("directory.password-set userName=joe hash=(not shown)"), all);
    assertTrue(all.contains("\"password\":\"set\""), all);
    for (String secret : List.of(fromStdin, fromFile)) {
      assertFalse(all.contains(secret), "the password is shown");
      assertEquals(List.of(), filesHolding(root, secret), "files holding the password");
    }
    assertFalse(all.contains(hash.substring(hash.lastIndexOf('$') + 1)), "the hash is shown");
    assertFalse(all.contains(hash.split("\\$")[2]), "the salt is shown");
  }

  boolean authenticates(String user, String password) {
    try (Store s = Store.open(root)) {
      return new EmbeddedDirectory(s).authenticate(user, password.toCharArray());
    }
  }

  /** Every file under {@code dir} (journal, projections, logs) whose bytes contain {@code text}. */
  static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(
              f -> {
                try {
                  return indexOf(Files.readAllBytes(f), needle) >= 0;
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .toList();
    }
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // user list --conflicts: addresses an LDAP directory gives to more than one user
  private InMemoryDirectoryServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.shutDown(true);
    }
  }

  @Test
  void listsTheAddressesMoreThanOneLdapUserClaims() throws Exception {
    server = LdapStore.server();
    server.add(
        LdapFixtures.user(
            new DirectoryUser(
                "joan",
                "",
                "joan@example.com",
                List.of("j.doe@example.com"),
                UserStatus.ACTIVE,
                0,
                QuotaLimits.NONE,
                "",
                "",
                ""),
            ""));
    LdapStore.configure(this::ok, root, server);

    assertEquals("j.doe@example.com joan joe\n", ok("user", "list", "--conflicts").out());
    assertTrue(ok("user", "list", "jo*").out().contains("joan"));
  }

  @Test
  void theEmbeddedDirectoryHasNoneAndTheOptionGoesWithListAlone() {
    example();
    assertEquals("", ok("user", "list", "--conflicts").out());
    StoreRun r = run("", "user", "show", "joe", "--conflicts");
    assertEquals(64, r.exit());
    assertTrue(r.err().contains("--conflicts goes with list"), r.err());
  }
}
