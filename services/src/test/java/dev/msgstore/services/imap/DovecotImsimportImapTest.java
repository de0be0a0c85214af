package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * imsimport of an mbox written by real mail software, compared over IMAP on both sides (issue 17):
 * a private Dovecot (Debian's dovecot-core) with mbox storage takes three messages over LMTP, has
 * flags and keywords set over IMAP, shows each message over IMAP (UID, FLAGS, INTERNALDATE,
 * RFC822.SIZE, BODY[]) and is stopped; its mbox file is imported, and the store's IMAP server must
 * show the same, with the same UIDVALIDITY. Skipped without dovecot-core or root.
 */
class DovecotImsimportImapTest {
  static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

  @TempDir Path dir;
  @TempDir Path root;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void anMboxDovecotWroteShowsTheSameOverImapAfterImsimport() throws Exception {
    assumeTrue(Files.isExecutable(DOVECOT), "dovecot-core is not installed");
    assumeTrue(
        "root".equals(System.getProperty("user.name")), "needs root to run a private Dovecot");
    int imapPort = freePort();
    int lmtpPort = freePort();
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
            "instance_name = msgstore-imap-test-" + ProcessHandle.current().pid(),
            "protocols = imap lmtp",
            "ssl = no",
            "disable_plaintext_auth = no",
            "postmaster_address = postmaster@example.com",
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
            "    port = " + imapPort,
            "  }",
            "  inet_listener imaps {",
            "    port = 0",
            "  }",
            "}",
            "service lmtp {",
            "  inet_listener lmtp {",
            "    address = 127.0.0.1",
            "    port = " + lmtpPort,
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
    Map<Long, String> dovecot;
    String dovecotValidity;
    try {
      awaitPort(imapPort);
      awaitPort(lmtpPort);
      lmtp(lmtpPort, "From: a@example.com\r\nSubject: one\r\n\r\nhello\r\nFrom the start\r\n");
      Thread.sleep(1100); // distinct received dates: mbox From lines have whole seconds
      lmtp(lmtpPort, "From: b@example.com\r\nSubject: two\r\n\r\n>From quoted\r\nbye\r\n");
      Thread.sleep(1100);
      lmtp(lmtpPort, "From: c@example.com\r\nSubject: three\r\n\r\nthird\r\n");
      try (RawImap d = RawImap.login(imapPort, "joe", "x")) {
        d.command("SELECT INBOX");
        expectOk(d.command("UID STORE 1 +FLAGS (\\Seen $Label1)"));
        expectOk(d.command("UID STORE 2 +FLAGS (\\Answered \\Flagged Work)"));
        expectOk(d.command("UID STORE 3 +FLAGS (\\Draft)"));
        dovecotValidity = validity(d.command("SELECT INBOX"));
        dovecot = view(d);
        d.command("LOGOUT");
      }
    } finally {
      master.destroy();
      if (!master.waitFor(20, TimeUnit.SECONDS)) {
        master.destroyForcibly();
      }
    }
    assertEquals(3, dovecot.size(), dovecot.toString());

    // the store: joe in its directory, then the import, then its IMAP server
    new ImapServer(root, "joe").close();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            java.io.InputStream.nullInputStream(),
            Map.of("TZ", "UTC"),
            "tester",
            "msgstore imsimport",
            null);
    int code =
        Main.commandLine(ctx)
            .execute(
                "imsimport",
                "--store",
                root.toString(),
                "-u",
                "joe",
                "-s",
                home.resolve("mbox").toString(),
                "-d",
                "INBOX");
    assertEquals(0, code, err.toString());
    try (ImapServer server = new ImapServer(root);
        RawImap m = RawImap.login(server.port(), "joe")) {
      String validity = validity(m.command("SELECT INBOX"));
      assertEquals(dovecotValidity, validity, "UIDVALIDITY");
      Map<Long, String> store = view(m);
      // UIDs, flags, keywords, INTERNALDATE, RFC822.SIZE and the message: the mbox's LF line
      // ends came in as CRLF, so both count and serve the same bytes
      assertEquals(dovecot, store);
      for (String v : store.values()) {
        assertEquals(crlfSize(v), size(v), v);
      }
    }
  }

  private static long size(String view) {
    Matcher m = Pattern.compile("RFC822\\.SIZE=(\\d+)").matcher(view);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static long crlfSize(String view) {
    Matcher m = Pattern.compile("crlf-size=(\\d+)").matcher(view);
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  private static void expectOk(List<String> lines) {
    assertEquals(true, lines.get(lines.size() - 1).startsWith("OK"), lines.toString());
  }

  private static String validity(List<String> lines) {
    for (String l : lines) {
      Matcher m = Pattern.compile("\\[UIDVALIDITY (\\d+)\\]").matcher(l);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no UIDVALIDITY in " + lines);
  }

  private static final Pattern UID = Pattern.compile("UID (\\d+)");
  private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
  private static final Pattern DATE = Pattern.compile("INTERNALDATE \"([^\"]+)\"");
  private static final Pattern SIZE = Pattern.compile("RFC822\\.SIZE (\\d+)");
  private static final Pattern LITERAL = Pattern.compile("BODY\\[\\] \\{(\\d+)\\}$");

  /**
   * Per UID, what IMAP shows of a message: its flags (without \Recent, which is per session), its
   * INTERNALDATE, RFC822.SIZE and BODY[] (the messages are ASCII, so lines read as text are its
   * bytes).
   */
  private static Map<Long, String> view(RawImap c) throws Exception {
    Map<Long, String> all = new TreeMap<>();
    for (String line : c.command("UID FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE)")) {
      Matcher u = UID.matcher(line);
      if (!line.startsWith("* ") || !u.find()) {
        continue;
      }
      long uid = Long.parseLong(u.group(1));
      Matcher f = FLAGS.matcher(line);
      Matcher d = DATE.matcher(line);
      Matcher s = SIZE.matcher(line);
      TreeSet<String> flags = new TreeSet<>();
      if (f.find()) {
        for (String x : f.group(1).split(" ")) {
          if (!x.isEmpty() && !x.equals("\\Recent")) {
            flags.add(x);
          }
        }
      }
      all.put(
          uid,
          "flags="
              + flags
              + " date="
              + (d.find() ? d.group(1) : "-")
              + " RFC822.SIZE="
              + (s.find() ? s.group(1) : "-"));
    }
    for (Map.Entry<Long, String> e : all.entrySet()) {
      List<String> lines = c.command("UID FETCH " + e.getKey() + " (BODY.PEEK[])");
      int at = -1;
      for (int i = 0; i < lines.size() && at < 0; i++) {
        if (LITERAL.matcher(lines.get(i)).find()) {
          at = i;
        }
      }
      // the literal's lines up to the FETCH's closing line and the tagged status (the messages
      // end in a line break, so the closing parenthesis is on a line of its own)
      String body =
          at < 0 ? "-" : String.join("\r\n", lines.subList(at + 1, lines.size() - 2)) + "\r\n";
      e.setValue(e.getValue() + " crlf-size=" + body.length() + " body=" + body);
    }
    return all;
  }

  private static void lmtp(int port, String message) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(20_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      reply(in, "220");
      say(out, "LHLO test");
      reply(in, "250");
      say(out, "MAIL FROM:<a@example.com>");
      reply(in, "250");
      say(out, "RCPT TO:<joe>");
      reply(in, "250");
      say(out, "DATA");
      reply(in, "354");
      out.write(message.getBytes(StandardCharsets.US_ASCII));
      say(out, ".");
      reply(in, "250");
      say(out, "QUIT");
    }
  }

  private static void say(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Reads a (multi-line) reply, which must start with {@code code}. */
  private static void reply(BufferedReader in, String code) throws IOException {
    for (String l = in.readLine(); ; l = in.readLine()) {
      if (l == null || !l.startsWith(code)) {
        throw new IOException("expected " + code + ", got " + l);
      }
      if (l.length() < 4 || l.charAt(3) != '-') {
        return;
      }
    }
  }

  private static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 200; i++) {
      try {
        new Socket("127.0.0.1", port).close();
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("dovecot did not listen on " + port);
  }

  private static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
