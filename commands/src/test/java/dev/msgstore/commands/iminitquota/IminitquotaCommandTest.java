package dev.msgstore.commands.iminitquota;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.LdapStore;
import dev.msgstore.commands.StoreRun;
import dev.msgstore.journal.Author;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetQuota;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** iminitquota: the directory's limits into the quota projection, usage recounted with -s. */
class IminitquotaCommandTest {
  static final String MESSAGE = "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";

  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String... args) {
    return StoreRun.ok(root, "", args);
  }

  QuotaRecord quota(String user) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.quota(user);
    }
  }

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  /**
   * joe and ann in the directory with limits, bob only in the store; then the quota projection is
   * set apart from the directory, as an older store's limits (or an LDAP change) would be.
   */
  @BeforeEach
  void store() {
    ok("user", "create", "joe", "--quota", "5G", "--msgquota", "100000");
    ok("user", "create", "ann", "--quota", "1K");
    run(MESSAGE, "deliver", "joe", "ann", "bob");
    try (Store s = Store.open(root)) {
      Author a = Author.of("script", "an older limit");
      s.execute(a, new SetQuota("joe", 10, -1));
      s.execute(a, new SetQuota("ann", 1024, -1));
      s.execute(a, new SetQuota("bob", 77, -1));
    }
  }

  @Test
  void allUsersTakeTheDirectorysLimits() {
    StoreRun r = ok("iminitquota", "-a");
    assertEquals(
        """
        ann: quota 1K bytes, none messages
        bob: not in the directory, quota left at 77 bytes, none messages
        joe: quota 5G bytes, 100000 messages (set)
        """,
        r.out());
    assertEquals(5L << 30, quota("joe").limitBytes());
    assertEquals(100_000, quota("joe").limitMessages());
    assertEquals(77, quota("bob").limitBytes());
    long after = lastIndex();
    assertEquals(
        "ann: quota 1K bytes, none messages\n"
            + "bob: not in the directory, quota left at 77 bytes, none messages\n"
            + "joe: quota 5G bytes, 100000 messages\n",
        ok("iminitquota", "-a", "-q").out());
    assertEquals(after, lastIndex(), "nothing to change, nothing written");
  }

  @Test
  void oneUserWithUsageAndOverQuotaStatus() {
    ok("user", "modify", "ann", "--quota", "10");
    StoreRun r = ok("iminitquota", "-s", "-u", "ann");
    int size = MESSAGE.length();
    assertEquals(
        "ann: quota 10 bytes, none messages; usage "
            + size
            + " bytes, 1 messages; over quota: yes\n",
        r.out());
    assertEquals(
        "joe: quota 5G bytes, 100000 messages (set); usage "
            + size
            + " bytes, 1 messages; over quota: no\n",
        ok("iminitquota", "-u", "joe", "-s").out());
  }

  @Test
  void badUseIsOneLineAndChangesNothing() {
    long before = lastIndex();
    assertEquals(
        new StoreRun(64, "", "iminitquota: give either -a or -u user\n"), run("", "iminitquota"));
    assertEquals(
        new StoreRun(64, "", "iminitquota: give either -a or -u user\n"),
        run("", "iminitquota", "-a", "-u", "joe"));
    assertEquals(
        new StoreRun(64, "", "iminitquota: -s and -q cannot be used together\n"),
        run("", "iminitquota", "-a", "-s", "-q"));
    assertEquals(
        new StoreRun(67, "", "iminitquota: no such user: zed\n"),
        run("", "iminitquota", "-u", "zed"));
    assertEquals(
        new StoreRun(
            67,
            "bob: not in the directory, quota left at 77 bytes, none messages\n",
            "iminitquota: bob: not in the directory; their quota limits are unchanged\n"),
        run("", "iminitquota", "-u", "bob"));
    StoreRun dry = run("", "--dry-run", "iminitquota", "-a");
    assertEquals(0, dry.exit(), dry.err());
    assertEquals(
        "dry run, would commit: quota.limit-set root=joe storageBytes=5368709120 messages=100000\n",
        dry.err());
    assertEquals(before, lastIndex());
  }

  @Test
  void anLdapDirectorysLimitsComeInToo() throws Exception {
    com.unboundid.ldap.listener.InMemoryDirectoryServer server = LdapStore.server();
    try {
      LdapStore.configure(this::ok, root, server);
      ok("iminitquota", "-u", "joe");
      assertEquals(5_000_000, quota("joe").limitBytes(), "joe's mailQuota in the LDAP fixture");
      assertEquals(1000, quota("joe").limitMessages());
      assertEquals(67, run("", "iminitquota", "-u", "bob").exit(), "bob is not in LDAP");
    } finally {
      server.shutDown(true);
    }
  }
}
