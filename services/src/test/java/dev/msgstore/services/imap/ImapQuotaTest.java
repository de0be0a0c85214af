package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.directory.Entries;
import dev.msgstore.store.directory.QuotaLimits;
import jakarta.mail.MessagingException;
import jakarta.mail.Quota;
import jakarta.mail.QuotaAwareStore;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The QUOTA extension (RFC 9208): a user's root is their id, with STORAGE and MESSAGE from the
 * directory's limits and the quota projection's usage; SETQUOTA by the store administrator boss
 * only; APPEND and COPY over the limit get NO [OVERQUOTA]. By the raw protocol, Angus Mail's
 * QuotaAwareStore and Python's imaplib.
 */
class ImapQuotaTest {
  @TempDir Path root;
  @TempDir Path scripts;
  private ImapServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, Map.of("store.admins", "boss"), "joe", "ann", "boss");
    server.deliver("user/joe/INBOX", ImapServer.message("first", "x".repeat(2000)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void limit(long bytes, long messages) {
    server.store.execute(
        ImapServer.ADMIN,
        new ModifyUserEntry("joe", u -> u.withQuota(new QuotaLimits(bytes, messages))));
  }

  private static final String APPEND = "APPEND INBOX {12+}\r\nSubject: x\r\n";

  @Test
  void readLimitsAndOverQuota() throws Exception {
    limit(10 * 1024, 3);
    try (RawImap joe = RawImap.login(server.port(), "joe")) {
      assertTrue(
          joe.untagged("CAPABILITY", "CAPABILITY")
              .contains(" QUOTA QUOTA=RES-STORAGE QUOTA=RES-MESSAGE QUOTASET"));
      List<String> root = joe.command("GETQUOTAROOT INBOX");
      assertEquals(
          List.of(
              "* QUOTAROOT INBOX joe",
              "* QUOTA joe (STORAGE 2 10 MESSAGE 1 3)",
              "OK GETQUOTAROOT completed"),
          root);
      assertEquals("* QUOTA joe (STORAGE 2 10 MESSAGE 1 3)", joe.untagged("GETQUOTA joe", "QUOTA"));
      assertTrue(joe.status("GETQUOTA ann").startsWith("NO [NOPERM]"));
      assertTrue(joe.status("SETQUOTA joe (STORAGE 100)").startsWith("NO [NOPERM]"));
      assertTrue(joe.status(APPEND).startsWith("OK [APPENDUID"));
      assertTrue(joe.status(APPEND).startsWith("OK [APPENDUID"));
      assertTrue(joe.status(APPEND).startsWith("NO [OVERQUOTA]"), "a fourth message");
      assertTrue(joe.status("SELECT INBOX").startsWith("OK"));
      assertTrue(joe.status("COPY 1 INBOX").startsWith("NO [OVERQUOTA]"));
      assertEquals("* QUOTA joe (STORAGE 2 10 MESSAGE 3 3)", joe.untagged("GETQUOTA joe", "QUOTA"));
    }
    limit(2 * 1024, QuotaLimits.UNLIMITED);
    try (RawImap joe = RawImap.login(server.port(), "joe")) {
      assertEquals("* QUOTA joe (STORAGE 2 2)", joe.untagged("GETQUOTA joe", "QUOTA"));
      assertTrue(joe.status("SELECT INBOX").startsWith("OK"));
      assertTrue(joe.status("COPY 1 INBOX").startsWith("NO [OVERQUOTA]"), "2000 bytes more");
    }
  }

  @Test
  void setQuotaByTheAdministratorOnly() throws Exception {
    try (RawImap boss = RawImap.login(server.port(), "boss");
        RawImap ann = RawImap.login(server.port(), "ann")) {
      assertTrue(ann.status("SETQUOTA joe (STORAGE 100)").startsWith("NO [NOPERM]"));
      assertTrue(ann.status("SETQUOTA ann (STORAGE 100)").startsWith("NO [NOPERM]"), "own too");
      assertEquals(
          List.of("* QUOTA joe (STORAGE 2 100 MESSAGE 1 5)", "OK SETQUOTA completed"),
          boss.command("SETQUOTA joe (STORAGE 100 MESSAGE 5)"));
      assertEquals(
          "* QUOTA joe (STORAGE 2 100 MESSAGE 1 5)", boss.untagged("GETQUOTA joe", "QUOTA"));
      try (ProjectionReader r = server.store.read()) {
        QuotaRecord q = r.quota("joe");
        assertEquals(100 * 1024, q.limitBytes());
        assertEquals(5, q.limitMessages());
        assertEquals(
            new QuotaLimits(100 * 1024, 5),
            r.directoryUser("joe").map(Entries::user).orElseThrow().quota(),
            "the directory's limits, as user modify sets them");
      }
      assertEquals("OK SETQUOTA completed", boss.status("SETQUOTA joe (MESSAGE 9)"));
      assertEquals("* QUOTA joe (MESSAGE 1 9)", boss.untagged("GETQUOTA joe", "QUOTA"));
      assertEquals("OK SETQUOTA completed", boss.status("SETQUOTA joe ()"));
      assertEquals("* QUOTA joe ()", boss.untagged("GETQUOTA joe", "QUOTA"));
      assertTrue(boss.status("SETQUOTA nobody (STORAGE 1)").startsWith("NO [NONEXISTENT]"));
      assertTrue(boss.status("SETQUOTA joe (FOO 1)").startsWith("NO [CANNOT]"));
      assertTrue(boss.status("GETQUOTA nobody").startsWith("NO [NONEXISTENT]"));
    }
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
  void angusMailQuotaAwareStore() throws Exception {
    limit(50 * 1024, 10);
    try (Store joe = connect("joe");
        Store boss = connect("boss")) {
      Quota[] quotas = ((QuotaAwareStore) joe).getQuota("INBOX");
      assertEquals(1, quotas.length);
      assertEquals("joe", quotas[0].quotaRoot);
      assertEquals("STORAGE", quotas[0].resources[0].name);
      assertEquals(2, quotas[0].resources[0].usage);
      assertEquals(50, quotas[0].resources[0].limit);
      assertEquals("MESSAGE", quotas[0].resources[1].name);
      assertEquals(1, quotas[0].resources[1].usage);
      Quota raise = new Quota("joe");
      raise.setResourceLimit("STORAGE", 500);
      assertThrows(MessagingException.class, () -> ((QuotaAwareStore) joe).setQuota(raise));
      ((QuotaAwareStore) boss).setQuota(raise);
      Quota[] after = ((QuotaAwareStore) joe).getQuota("INBOX");
      assertEquals(1, after[0].resources.length, "MESSAGE left out: no limit");
      assertEquals(500, after[0].resources[0].limit);
    }
  }

  @Test
  void pythonImaplib() throws Exception {
    assumeTrue(python(), "python3 is not installed");
    limit(10 * 1024, QuotaLimits.UNLIMITED);
    Path script = scripts.resolve("imaplib-quota.py");
    try (var in = getClass().getResourceAsStream("/imap/imaplib-quota.py")) {
      Files.copy(in, script);
    }
    Process p =
        new ProcessBuilder("python3", script.toString(), Integer.toString(server.port()))
            .redirectErrorStream(true)
            .start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        lines.add(line);
      }
    } finally {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertEquals(
        List.of(
            "capability True True",
            "getquotaroot OK [[b'INBOX joe'], [b'joe (STORAGE 2 10)']]",
            "getquota OK ['joe (STORAGE 2 10)']",
            "joe setquota NO ['[NOPERM] Only a store administrator (store.admins) sets quotas']",
            "boss setquota OK ['joe (STORAGE 2 50 MESSAGE 1 7)']",
            "getquota after OK ['joe (STORAGE 2 50 MESSAGE 1 7)']"),
        lines);
  }

  private static boolean python() {
    try {
      return new ProcessBuilder("python3", "--version").start().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
