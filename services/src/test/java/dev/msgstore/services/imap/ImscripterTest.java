package dev.msgstore.services.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * imscripter against the imap component, with the reference's examples: a raw {@code !list "" *},
 * {@code -c create -f folders-to-create}, a command file, the interactive prompt with {@code
 * !select inbox} and {@code quit}, verbosity letters, and its exit codes.
 */
class ImscripterTest {
  @TempDir Path root;
  @TempDir Path files;
  private ImapServer server;

  @BeforeEach
  void start() throws Exception {
    server = new ImapServer(root, "joe");
    server.deliver("user/joe/INBOX", ImapServer.message("first", "Hello"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Run(int exit, String out, String err) {}

  private Run imscripter(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("-s", "127.0.0.1", "-p", "" + server.port()));
    all.addAll(List.of(args));
    return run(stdin, all.toArray(String[]::new));
  }

  private static Run run(String stdin, String... args) {
    List<String> all = new ArrayList<>(List.of("imscripter"));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    CliContext ctx =
        new CliContext(
            new PrintWriter(out), new PrintWriter(err), in, Map.of(), "tester", "test", null);
    int code = Main.run(ctx, all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void rawListAsTheReferenceShowsIt() {
    Run r = imscripter("", "-u", "joe", "-x", "pw-joe", "-c", "!list", "", "*");
    assertEquals(0, r.exit(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertTrue(
        lines.get(0).matches("   1\\) <= OK \\[CAPABILITY IMAP4rev1 .*\\] .*"), lines.get(0));
    assertTrue(lines.get(1).matches("   1\\) <= OK \\[CAPABILITY .*\\] Logged in"), lines.get(1));
    assertEquals("   2) <= LIST (\\HasNoChildren) \"/\" \"INBOX\"", lines.get(2));
    assertEquals("   2) <= OK LIST completed", lines.get(3));
    assertTrue(lines.get(4).startsWith("   3) <= BYE "), lines.get(4));
    assertTrue(lines.get(5).startsWith("   3) <= OK "), lines.get(5));
    assertEquals(6, lines.size(), r.out());
  }

  @Test
  void createForEachLineOfAFileThenTheCommandFile() throws Exception {
    Path folders = files.resolve("folders-to-create");
    try (InputStream in = getClass().getResourceAsStream("/imap/folders-to-create")) {
      Files.copy(in, folders);
    }
    // imscripter -u <userid> -x <password> -c create -f folders-to-create: quiet (EBb) when OK
    Run created =
        imscripter("", "-u", "joe", "-x", "pw-joe", "-c", "create", "-f", folders.toString());
    assertEquals(new Run(0, "", ""), created);
    Run list = imscripter("", "-u", "joe", "-x", "pw-joe", "-v", "O", "-c", "!list", "", "*");
    assertEquals(
        List.of("\"INBOX\"", "\"abc\"", "\"def\"", "\"xyz\""),
        list.out()
            .lines()
            .filter(l -> l.contains("<= LIST "))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .sorted()
            .toList());

    Path commands = files.resolve("commands");
    Files.writeString(
        commands,
        "# a command file\nrename xyz \"x y z\"\ndelete abc\ndelete nonexistent\n!select \"x y z\"\n");
    Run r = imscripter("", "-u", "joe", "-x", "pw-joe", "-v", "cBb", "-f", commands.toString());
    assertEquals(65, r.exit(), r::toString);
    List<String> lines = r.out().lines().toList();
    assertEquals("   1) => LOGIN ...", lines.get(0));
    assertEquals("   2) => RENAME xyz \"x y z\"", lines.get(1));
    assertEquals("   3) => DELETE abc", lines.get(2));
    assertEquals("   4) => DELETE nonexistent", lines.get(3));
    assertTrue(lines.get(4).startsWith("   4) <= NO "), lines.get(4));
    assertEquals("   5) => select \"x y z\"", lines.get(5));
    assertEquals("   6) => LOGOUT", lines.get(6));
  }

  @Test
  void interactiveSelectAndQuit() {
    Run r = imscripter("joe\npw-joe\n!select inbox\nbogus x\nquit\n");
    List<String> lines = r.out().lines().toList();
    assertTrue(
        lines.get(0).startsWith("127 userid: 127 password for joe:    1) <= OK"), lines.get(0));
    assertTrue(r.out().contains("imscripter>    2) <= FLAGS ("), r.out());
    assertTrue(r.out().contains("   2) <= 1 EXISTS"), r.out());
    assertTrue(r.out().contains("   2) <= OK [READ-WRITE] Select completed"), r.out());
    assertTrue(r.out().contains("imscripter> imscripter>    3) <= BYE "), r.out());
    assertTrue(r.err().startsWith("imscripter: unknown command bogus"), r.err());
    assertEquals(64, r.exit());
  }

  @Test
  void refusalsAndUsage() throws Exception {
    Run wrong = imscripter("", "-u", "joe", "-x", "wrong", "-c", "!noop");
    assertEquals(77, wrong.exit(), wrong::toString);
    assertTrue(wrong.err().contains("refused the login of joe"), wrong.err());
    Run bad = imscripter("", "-u", "joe", "-x", "pw-joe", "-v", "Z", "-c", "!noop");
    assertEquals(64, bad.exit());
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new CliContext(
                new PrintWriter(new StringWriter()),
                new PrintWriter(err),
                Map.of(),
                "t",
                List.of()),
            new String[] {
              "imscripter",
              "-s",
              "127.0.0.1",
              "-p",
              "" + closed,
              "-u",
              "joe",
              "-x",
              "x",
              "-c",
              "!noop"
            });
    assertEquals(69, code, err::toString);
    Run acl = imscripter("", "-u", "joe", "-x", "pw-joe", "-v", "c", "-c", "getacl", "INBOX");
    assertTrue(acl.out().contains("   2) => GETACL INBOX"), acl.out());
  }

  @Test
  void startTlsAndImplicitTlsTrustingTheServersCertificate() throws Exception {
    int sslPort;
    try (ServerSocket free = new ServerSocket(0)) {
      sslPort = free.getLocalPort();
    }
    try (ImapServer tls =
        new ImapServer(
            files.resolve("tls-store"),
            Map.of(
                "service.imap.plaintextlogin", "no",
                "service.imap.enablesslport", "yes",
                "service.imap.sslport", "" + sslPort),
            "ann")) {
      Path ca = tls.caPem(files.resolve("ca.pem"));
      String plain = "" + tls.port();
      String[] login = {"-u", "ann", "-x", "pw-ann", "-v", "O", "-c", "!list", "", "*"};

      Run refused = run("", concat(new String[] {"-s", "127.0.0.1", "-p", plain}, login));
      assertEquals(77, refused.exit(), refused::toString);
      assertTrue(refused.err().contains("PRIVACYREQUIRED"), refused.err());

      for (String[] how :
          List.of(
              new String[] {"-s", "127.0.0.1", "-p", plain, "--starttls", "--cafile", "" + ca},
              new String[] {"-s", "localhost", "-p", "" + sslPort, "--ssl", "--cafile", "" + ca})) {
        Run r = run("", concat(how, login));
        assertEquals(0, r.exit(), () -> List.of(how) + ": " + r);
        assertTrue(r.out().contains("<= LIST (\\HasNoChildren) \"/\" \"INBOX\""), r.out());
      }

      // without --cafile, the JDK does not trust the generated (self-signed) certificate
      Run untrusted = run("", concat(new String[] {"-p", "" + sslPort, "--ssl"}, login));
      assertEquals(69, untrusted.exit(), untrusted::toString);
      assertTrue(
          untrusted.err().startsWith("imscripter: no TLS with localhost port "), untrusted.err());

      Run both = run("", concat(new String[] {"--ssl", "--starttls"}, login));
      assertEquals(64, both.exit(), both::toString);
      Run caAlone = run("", concat(new String[] {"--cafile", "" + ca}, login));
      assertEquals(64, caAlone.exit(), caAlone::toString);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
