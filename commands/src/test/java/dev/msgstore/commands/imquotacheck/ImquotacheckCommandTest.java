package dev.msgstore.commands.imquotacheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.StoreRun;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** imquotacheck (Table 71-14): the report, -u, -d, -f, -n with its rule file and template. */
class ImquotacheckCommandTest {
  @TempDir Path root;

  StoreRun run(String stdin, String... args) {
    return StoreRun.run(root, stdin, args);
  }

  StoreRun ok(String stdin, String... args) {
    return StoreRun.ok(root, stdin, args);
  }

  static String message(int kb) {
    return "Subject: m\r\n\r\n" + "x".repeat(kb * 1024 - 16) + "\r\n";
  }

  long inbox(String user) {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read()) {
      return r.mailbox("user/" + user + "/INBOX").orElseThrow().messages();
    }
  }

  static String row(String... f) {
    return String.format("%-20s %8s %8s %3s %7s %7s %3s %8s %8s", (Object[]) f);
  }

  static final String HEADER =
      "Name                 Quota(K) Usage(K)  %   Quota#  Usage#  %  OverDate WarnDate\n"
          + "-------------------- -------- -------- --- ------- ------- --- -------- --------\n";
  static final String TRAILER = "-".repeat(80) + "\n";

  /** joe 100K quota and 110K used, mary no quota, small under 1K; the reference's workflow. */
  @BeforeEach
  void store() {
    ok("", "domain", "create", "example.com", "--quota", "50K");
    ok("", "user", "create", "joe", "--quota", "100K", "--msgquota", "10");
    ok("", "user", "create", "mary");
    ok("", "user", "create", "bob@example.com");
    for (int i = 0; i < 11; i++) {
      ok(message(10), "deliver", "-q", "joe"); // -q: past the quota, as a restore would
    }
    ok(message(3), "deliver", "mary");
    ok(message(60), "deliver", "bob@example.com");
    ok("Subject: s\r\n\r\nhi\r\n", "deliver", "-c", "small");
    ok("", "reconstruct", "-q");
    ok("", "iminitquota", "-a");
  }

  @Test
  void theReportInTheReferencesColumns() {
    assertEquals(
        HEADER
            + row("bob@example.com", "-", "60", "-", "-", "1", "-", "-", "-")
            + "\n"
            + row("joe", "100", "110", "110", "10", "11", "110", "-", "-")
            + "\n"
            + row("mary", "-", "3", "-", "-", "1", "-", "-", "-")
            + "\n"
            + row("small", "-", "18B", "-", "-", "1", "-", "-", "-")
            + "\n"
            + TRAILER,
        ok("", "imquotacheck").out());
    assertEquals(
        HEADER + row("bob@example.com", "-", "60", "-", "-", "1", "-", "-", "-") + "\n" + TRAILER,
        ok("", "imquotacheck", "-d", "example.com").out());
    String u = ok("", "imquotacheck", "-u", "joe").out();
    assertTrue(
        u.contains(String.format("  %-18s %8s %8s %3s %7s %7d", "INBOX", "", "110", "", "", 11)),
        u);
    assertEquals(67, run("", "imquotacheck", "-u", "nobody").exit());
    assertEquals(64, run("", "imquotacheck", "-u", "joe", "-d", "example.com").exit());
  }

  @Test
  void enforcesDomainQuotaBothWays() {
    assertEquals(
        "example.com: 61440 bytes, 1 messages of 51200 bytes, unlimited: overquota (set)\n",
        ok("", "imquotacheck", "-f", "-d", "example.com").out());
    StoreRun refused = run(message(1), "deliver", "bob@example.com");
    assertTrue(refused.exit() != 0, "the domain is over quota: " + refused);
    ok("", "domain", "modify", "example.com", "--quota", "1M");
    assertEquals(
        "example.com: 61440 bytes, 1 messages of 1048576 bytes, unlimited: active (set)\n",
        ok("", "imquotacheck", "-f").out());
  }

  Path write(String name, String text) throws Exception {
    Path p = root.resolveSibling(root.getFileName() + "-" + name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static final String RULES =
      "# rules\n[General]\nmailQuotaAttribute=mailquota\n\n[rule1]\nnotificationTriggerPercentage=60\n"
          + "enabled=1\nnotificationInterval=3\n\n[rule3]\nnotificationTriggerPercentage=100\nenabled=1\n"
          + "notificationInterval=1\n";

  static final String TEMPLATE =
      "Subject: [Warning] quota reached for %U%\n\nHello %U%,\nYour quota: %C%\n"
          + "Your current mailbox usage: %M%\nYour mailbox is now %Q% full.\n%R%.\n";

  @Test
  void notifiesOncePerThresholdAndInterval() throws Exception {
    Path rules = write("rules", RULES);
    Path template = write("msg", TEMPLATE);
    StoreRun first =
        ok("", "imquotacheck", "-n", "-e", "-r", rules.toString(), "-t", template.toString());
    assertEquals("imquotacheck: notified joe (rule3, 110%)\n", first.out());
    assertEquals(12, inbox("joe"), "the notice is in joe's INBOX");
    String notice = ok("", "imcheck", "-m", "user/joe/INBOX", "-b", "12").out();
    assertTrue(notice.contains("Subject: [Warning] quota reached for joe"), notice);
    assertTrue(notice.contains("Your mailbox is now 110% full."), notice);
    assertTrue(notice.contains("Your quota: 100K"), notice);
    assertTrue(notice.contains("INBOX: 110K"), notice);
    StoreRun again =
        ok("", "imquotacheck", "-n", "-r", rules.toString(), "-t", template.toString());
    assertEquals("", again.out(), "within the interval: no second notice");
    String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("MM/dd/yy"));
    String u = ok("", "imquotacheck", "-u", "joe").out();
    assertTrue(u.contains(row("joe", "100", "110", "110", "10", "12", "120", today, today)), u);
  }

  @Test
  void ruleFileAndTemplateErrorsNameFileAndLineAndNothingIsSent() throws Exception {
    Path template = write("msg", TEMPLATE);
    Path bad = write("bad", RULES.replace("notificationInterval=3", "notificationInterval=soon"));
    StoreRun r = run("", "imquotacheck", "-n", "-r", bad.toString(), "-t", template.toString());
    assertEquals(65, r.exit());
    assertEquals("imquotacheck: " + bad + ", line 8: not a whole number: soon\n", r.err());
    Path dup = write("dup", RULES.replace("=100", "=60"));
    assertEquals(
        "imquotacheck: "
            + dup
            + ", line 11: notificationTriggerPercentage 60 is also rule rule1's: each rule's is unique\n",
        run("", "imquotacheck", "-n", "-r", dup.toString(), "-t", template.toString()).err());
    Path rules = write("rules", RULES);
    Path badTemplate = write("badmsg", TEMPLATE.replace("%M%", "%X%"));
    assertEquals(
        "imquotacheck: "
            + badTemplate
            + ", line 5: unknown %X% (the tokens are %U% %Q% %R% %M% %C%)\n",
        run("", "imquotacheck", "-n", "-r", rules.toString(), "-t", badTemplate.toString()).err());
    Path noSubject = write("nosubject", "Hello %U%\n");
    assertEquals(
        65,
        run("", "imquotacheck", "-n", "-r", rules.toString(), "-t", noSubject.toString()).exit());
    assertEquals(11, inbox("joe"), "nothing was sent");
  }
}
