package dev.msgstore.commands.imsimport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.model.MessageRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An mbox written by Dovecot (Debian's dovecot-core: {@code apt-get install dovecot-core}): a
 * private instance stores messages into mbox format ({@code doveadm save}), sets flags and keywords
 * ({@code doveadm flags}), is stopped, and its file is imported; what Dovecot shows of each message
 * ({@code doveadm fetch}: UID, flags, keywords, received date, virtual (CRLF) size, the message's
 * bytes) is what the store holds. Skipped where Dovecot is not installed or this is not root
 * (Dovecot's users may not be root, and its files must belong to one).
 */
class DovecotMboxTest {
  static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

  @TempDir Path dir;

  @Test
  void aDovecotMboxImportsAsDovecotShowsIt() throws Exception {
    assumeTrue(Files.isExecutable(DOVECOT), "dovecot-core is not installed");
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to run a private Dovecot");
    Path home = dir.resolve("home/joe");
    Files.createDirectories(home);
    Path conf = dir.resolve("dovecot.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "base_dir = " + dir.resolve("run"),
            "state_dir = " + dir.resolve("state"),
            "log_path = " + dir.resolve("dovecot.log"),
            "instance_name = msgstore-test-" + ProcessHandle.current().pid(),
            "protocols = imap",
            "ssl = no",
            "mail_location = mbox:~/mail:INBOX=~/mbox",
            "first_valid_uid = 100",
            "passdb {",
            "  driver = passwd-file",
            "  args = " + dir.resolve("users"),
            "}",
            "userdb {",
            "  driver = passwd-file",
            "  args = " + dir.resolve("users"),
            "}",
            "service imap-login {",
            "  inet_listener imap {",
            "    address = 127.0.0.1",
            "    port = 0",
            "  }",
            "  inet_listener imaps {",
            "    port = 0",
            "  }",
            "}",
            ""));
    Files.writeString(dir.resolve("users"), "joe:{PLAIN}x:65534:65534::" + home + "\n");
    run("chown", "-R", "65534:65534", dir.resolve("home").toString());
    run("chmod", "755", dir.toString(), dir.resolve("home").toString());
    Process master =
        new ProcessBuilder(DOVECOT.toString(), "-F", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("dovecot.out").toFile())
            .start();
    Map<Long, Map<String, String>> dovecot;
    try {
      awaitAuth();
      save(
          conf,
          "From: a@example.com\nSubject: one\nMessage-ID: <d1@example.com>\n\nhello\nFrom the start\n");
      save(conf, "From: b@example.com\nSubject: two\n\nno newline at end");
      save(conf, "From: c@example.com\nSubject: =?utf-8?q?tr=C3=A8s?=\n\n>From quoted\nbye\n");
      run(
          "doveadm",
          "-c",
          conf.toString(),
          "flags",
          "add",
          "-u",
          "joe",
          "\\Seen $Label1",
          "mailbox",
          "INBOX",
          "uid",
          "1");
      run(
          "doveadm",
          "-c",
          conf.toString(),
          "flags",
          "add",
          "-u",
          "joe",
          "\\Answered \\Flagged Work",
          "mailbox",
          "INBOX",
          "uid",
          "2");
      run(
          "doveadm",
          "-c",
          conf.toString(),
          "flags",
          "add",
          "-u",
          "joe",
          "\\Deleted \\Draft",
          "mailbox",
          "INBOX",
          "uid",
          "3");
      dovecot = fetch(conf);
    } finally {
      master.destroy();
      if (!master.waitFor(20, TimeUnit.SECONDS)) {
        master.destroyForcibly();
      }
    }
    Path store = dir.resolve("store");
    VerbRun.ok("user", store, "create", "joe");
    VerbRun.ok(
        "imsimport", store, "-u", "joe", "-s", home.resolve("mbox").toString(), "-d", "INBOX");
    List<MessageRecord> ms = ImsimportTest.messages(store, "user/joe/INBOX");
    assertEquals(dovecot.keySet().stream().toList(), ms.stream().map(MessageRecord::uid).toList());
    for (MessageRecord m : ms) {
      Map<String, String> d = dovecot.get(m.uid());
      Set<SystemFlag> flags = EnumSet.noneOf(SystemFlag.class);
      List<String> keywords = new ArrayList<>();
      for (String f : d.get("flags").split(" ")) {
        switch (f) {
          case "\\Seen" -> flags.add(SystemFlag.SEEN);
          case "\\Answered" -> flags.add(SystemFlag.ANSWERED);
          case "\\Flagged" -> flags.add(SystemFlag.FLAGGED);
          case "\\Deleted" -> flags.add(SystemFlag.DELETED);
          case "\\Draft" -> flags.add(SystemFlag.DRAFT);
          case "\\Recent", "" -> {}
          default -> keywords.add(f);
        }
      }
      assertEquals(flags, m.flags(), "UID " + m.uid());
      assertEquals(keywords, m.keywords(), "UID " + m.uid());
      // the message's CRLF size (the mbox holds LF line ends; both Dovecot and the import
      // count the message with CRLF, as IMAP serves it)
      assertEquals(Long.parseLong(d.get("size.virtual")), m.size(), "UID " + m.uid());
      long received =
          LocalDateTime.parse(
                  d.get("date.received"), DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
              .toInstant(ZoneOffset.UTC)
              .toEpochMilli();
      assertEquals(received, m.internalDate(), "UID " + m.uid());
      assertArrayEquals(
          d.get("text").replaceAll("(?<!\r)\n", "\r\n").getBytes(StandardCharsets.UTF_8),
          ImsimportTest.body(store, "user/joe/INBOX", m.uid()),
          "UID " + m.uid());
    }
    long validity = Long.parseLong(dovecot.values().iterator().next().get("validity"));
    assertEquals(
        validity, ImsimportTest.mailbox(store, "user/joe/INBOX").orElseThrow().uidValidity());
  }

  private void awaitAuth() throws Exception {
    Path socket = dir.resolve("run/auth-userdb");
    for (int i = 0; i < 200 && !Files.exists(socket); i++) {
      Thread.sleep(50);
    }
  }

  private void save(Path conf, String message) throws Exception {
    Process p =
        new ProcessBuilder("doveadm", "-c", conf.toString(), "save", "-u", "joe", "-m", "INBOX")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    Thread.sleep(1100); // distinct received dates, as the mbox From lines have whole seconds
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Per UID: flags, date.received (UTC), size.virtual, the message (text), the UIDVALIDITY. */
  private static Map<Long, Map<String, String>> fetch(Path conf) throws Exception {
    Map<Long, Map<String, String>> all = new LinkedHashMap<>();
    String[] status =
        run(
                "doveadm",
                "-c",
                conf.toString(),
                "mailbox",
                "status",
                "-u",
                "joe",
                "uidvalidity",
                "INBOX")
            .strip()
            .split("[\\s=]+");
    String validity = status[status.length - 1];
    String uids =
        run("doveadm", "-c", conf.toString(), "search", "-u", "joe", "mailbox", "INBOX", "all");
    for (String line : uids.strip().split("\n")) {
      long uid = Long.parseLong(line.strip().split("\\s+")[1]);
      Map<String, String> m = new LinkedHashMap<>();
      for (String field : List.of("flags", "date.received", "size.virtual")) {
        String v =
            run(
                    "doveadm",
                    "-c",
                    conf.toString(),
                    "-f",
                    "flow",
                    "fetch",
                    "-u",
                    "joe",
                    field,
                    "mailbox",
                    "INBOX",
                    "uid",
                    Long.toString(uid))
                .strip();
        m.put(field, v.substring(v.indexOf('=') + 1).strip());
      }
      m.put(
          "text",
          run(
                  "doveadm",
                  "-c",
                  conf.toString(),
                  "-f",
                  "pager",
                  "fetch",
                  "-u",
                  "joe",
                  "text",
                  "mailbox",
                  "INBOX",
                  "uid",
                  Long.toString(uid))
              .replaceFirst("^text:\n", "")
              .replaceFirst("\f\n$", ""));
      m.put("validity", validity);
      all.put(uid, m);
    }
    return all;
  }
}
