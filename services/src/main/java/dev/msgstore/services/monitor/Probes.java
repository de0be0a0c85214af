package dev.msgstore.services.monitor;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResult;
import com.unboundid.ldap.sdk.SearchScope;
import com.unboundid.ldap.sdk.extensions.StartTLSExtendedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The checks of immonitor-access, each one protocol's real exchange, timed step by step: deliver
 * the probe message over SMTP or LMTP; find (and delete) it over IMAP or POP3, logging in again
 * until it is there or the time is up; ask HTTP for a page; look the test user up in LDAP.
 */
public final class Probes {
  /** What a mailbox check does with messages whose Subject contains the probe's subject. */
  public enum Mode {
    /** Log in and out only. */
    LOGIN,
    /** Wait for the probe message and leave it (another check still looks for it). */
    FIND,
    /** Wait for the probe message, then delete it. */
    FIND_DELETE,
    /** Delete every message with the subject, waiting for none (-z). */
    DELETE_ALL
  }

  private final SSLContext tls;
  private final boolean sasl;
  private final int timeoutMillis;

  public Probes(SSLContext tls, boolean sasl, int timeoutMillis) {
    this.tls = tls;
    this.sasl = sasl;
    this.timeoutMillis = timeoutMillis;
  }

  private static void expect(String what, String reply, String code) throws IOException {
    if (!reply.startsWith(code)) {
      throw new IOException(what + " answered " + reply);
    }
  }

  /** SMTP (lmtp false) or LMTP: the message to {@code rcpt}, step by step. */
  public Report deliver(Target t, boolean lmtp, String from, String rcpt, byte[] message) {
    Steps s = new Steps();
    try (LineClient c =
        new LineClient(
            t.host(), t.port(), timeoutMillis, t.ssl() ? tls.getSocketFactory() : null)) {
      s.step("Connect Time");
      expect("the greeting", c.reply(), "220");
      s.step("Greeting Time");
      String hello = (lmtp ? "LHLO " : "EHLO ") + "localhost";
      c.send(hello);
      expect(hello, c.reply(), "250");
      s.step(lmtp ? "Lhlo Time" : "Helo Time");
      if (t.stls()) {
        c.send("STARTTLS");
        expect("STARTTLS", c.reply(), "220");
        c.startTls(tls.getSocketFactory());
        c.send(hello);
        expect(hello, c.reply(), "250");
        s.step("Starttls Time");
      }
      c.send("MAIL FROM:<" + from + ">");
      expect("MAIL FROM", c.reply(), "250");
      s.step("Mail From: Time");
      c.send("RCPT TO:<" + rcpt + ">");
      expect("RCPT TO:<" + rcpt + ">", c.reply(), "250");
      s.step("Rcpt To: Time");
      c.send("DATA");
      expect("DATA", c.reply(), "354");
      s.step("Data Time");
      c.sendRaw(dotStuffed(message));
      expect("the message", c.reply(), "250");
      s.step("Sending File Time");
      c.send("QUIT");
      c.reply();
      s.step("Quit Time");
      return s.report(t, null);
    } catch (IOException e) {
      return s.report(t, why(e));
    }
  }

  private static byte[] dotStuffed(byte[] message) {
    String text = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n");
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      b.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
    }
    if (!text.endsWith("\n")) {
      b.append("\r\n");
    }
    b.setLength(b.length() - 2); // the split's last, empty piece
    b.append(".\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * IMAP: log in, select INBOX, and per {@code mode} search for {@code subject} (again, until
   * {@code deadlineNanos}, while it is not there) and delete what was found.
   */
  public Report imap(
      Target t, String user, String password, String subject, Mode mode, long deadlineNanos) {
    Steps s = new Steps();
    try (LineClient c =
        new LineClient(
            t.host(), t.port(), timeoutMillis, t.ssl() ? tls.getSocketFactory() : null)) {
      s.step("Connect Time");
      expect("the greeting", c.line(), "* OK");
      s.step("Greeting Time");
      int[] tag = {0};
      if (t.stls()) {
        tagged(c, tag, "STARTTLS");
        c.startTls(tls.getSocketFactory());
        s.step("Starttls Time");
      }
      if (sasl) {
        tagged(c, tag, "AUTHENTICATE PLAIN " + plain(user, password));
      } else {
        tagged(c, tag, "LOGIN " + quoted(user) + " " + quoted(password));
      }
      s.step("Login Time");
      tagged(c, tag, "SELECT INBOX");
      s.step("Select Time");
      if (mode != Mode.LOGIN) {
        List<String> found;
        while (true) {
          found = new ArrayList<>();
          for (String l : tagged(c, tag, "UID SEARCH SUBJECT " + quoted(subject))) {
            if (l.startsWith("* SEARCH")) {
              for (String n : l.substring(8).strip().split("\\s+")) {
                if (!n.isEmpty()) {
                  found.add(n);
                }
              }
            }
          }
          s.add("Search Time");
          if (!found.isEmpty() || mode == Mode.DELETE_ALL) {
            break;
          }
          if (System.nanoTime() > deadlineNanos) {
            throw new IOException("the probe message did not arrive in INBOX in time");
          }
          sleep(250);
          s.add("Sleep Time");
        }
        if (!found.isEmpty() && mode != Mode.FIND) {
          tagged(c, tag, "UID STORE " + String.join(",", found) + " +FLAGS.SILENT (\\Deleted)");
          tagged(c, tag, "UID EXPUNGE " + String.join(",", found));
          s.step("Delete Time");
        }
      }
      tagged(c, tag, "LOGOUT");
      s.step("Logout Time");
      return s.report(t, null);
    } catch (IOException e) {
      return s.report(t, why(e));
    }
  }

  /** Sends a tagged IMAP command; its untagged lines, or fails on NO/BAD. */
  private static List<String> tagged(LineClient c, int[] tag, String command) throws IOException {
    String t = "m" + ++tag[0];
    c.send(t + " " + command);
    List<String> lines = new ArrayList<>();
    while (true) {
      String l = c.line();
      if (l.startsWith(t + " ")) {
        if (!l.startsWith(t + " OK")) {
          String shown =
              command.startsWith("LOGIN") || command.startsWith("AUTH") ? "login" : command;
          throw new IOException(shown + " answered " + l.substring(t.length() + 1));
        }
        return lines;
      }
      lines.add(l);
    }
  }

  /**
   * POP3: log in, and per {@code mode} look at each message's header (TOP n 0) for {@code subject};
   * while it is not there, log out and in again until {@code deadlineNanos}; delete what was found
   * (DELE, applied at QUIT).
   */
  public Report pop(
      Target t, String user, String password, String subject, Mode mode, long deadlineNanos) {
    Steps s = new Steps();
    try {
      while (true) {
        try (LineClient c =
            new LineClient(
                t.host(), t.port(), timeoutMillis, t.ssl() ? tls.getSocketFactory() : null)) {
          s.add("Connect Time");
          expect("the greeting", c.line(), "+OK");
          s.add("Greeting Time");
          if (t.stls()) {
            c.send("STLS");
            expect("STLS", c.line(), "+OK");
            c.startTls(tls.getSocketFactory());
            s.add("Stls Time");
          }
          if (sasl) {
            c.send("AUTH PLAIN " + plain(user, password));
            expect("AUTH PLAIN", c.line(), "+OK");
          } else {
            c.send("USER " + user);
            expect("USER", c.line(), "+OK");
            c.send("PASS " + password);
            expect("PASS", c.line(), "+OK");
          }
          s.add("Login Time");
          List<Integer> found = new ArrayList<>();
          if (mode != Mode.LOGIN) {
            c.send("STAT");
            String stat = c.line();
            expect("STAT", stat, "+OK");
            int count = Integer.parseInt(stat.split(" ")[1]);
            for (int n = count; n >= 1; n--) {
              c.send("TOP " + n + " 0");
              expect("TOP", c.line(), "+OK");
              for (String l = c.line(); !l.equals("."); l = c.line()) {
                if (l.toLowerCase(Locale.ROOT).startsWith("subject:") && l.contains(subject)) {
                  found.add(n);
                }
              }
            }
            s.add("Search Time");
            if (!found.isEmpty() && mode != Mode.FIND) {
              for (int n : found) {
                c.send("DELE " + n);
                expect("DELE", c.line(), "+OK");
              }
              s.add("Delete Time");
            }
          }
          c.send("QUIT");
          expect("QUIT", c.line(), "+OK");
          s.add("Quit Time");
          if (!found.isEmpty() || mode == Mode.LOGIN || mode == Mode.DELETE_ALL) {
            return s.report(t, null);
          }
        }
        if (System.nanoTime() > deadlineNanos) {
          throw new IOException("the probe message did not arrive in the maildrop in time");
        }
        sleep(250);
        s.add("Sleep Time");
      }
    } catch (IOException | RuntimeException e) {
      return s.report(t, why(e));
    }
  }

  /** HTTP: any HTTP answer to GET / says the server is up. */
  public Report http(Target t) {
    Steps s = new Steps();
    try (LineClient c =
        new LineClient(
            t.host(), t.port(), timeoutMillis, t.ssl() ? tls.getSocketFactory() : null)) {
      s.step("Connect Time");
      c.send("GET / HTTP/1.0\r\nHost: " + t.host() + "\r\nConnection: close\r\n");
      String status = c.line();
      expect("GET /", status, "HTTP/");
      s.step("Response Time");
      return s.report(t, null);
    } catch (IOException e) {
      return s.report(t, why(e));
    }
  }

  /** LDAP: connect (TLS or StartTLS as asked), bind when a DN is given, find the test user. */
  public Report ldap(Target t, String base, String bindDn, String bindPassword, String user) {
    Steps s = new Steps();
    LDAPConnectionOptions o = new LDAPConnectionOptions();
    o.setConnectTimeoutMillis(timeoutMillis);
    o.setResponseTimeoutMillis(timeoutMillis);
    try (LDAPConnection c =
        t.ssl()
            ? new LDAPConnection(tls.getSocketFactory(), o, t.host(), t.port())
            : new LDAPConnection(o, t.host(), t.port())) {
      s.step("Connect Time");
      if (t.stls()) {
        c.processExtendedOperation(new StartTLSExtendedRequest(tls));
        s.step("Starttls Time");
      }
      if (bindDn != null) {
        c.bind(bindDn, bindPassword);
        s.step("Bind Time");
      }
      SearchResult r =
          c.search(
              base,
              SearchScope.SUB,
              Filter.createORFilter(
                  Filter.createEqualityFilter("uid", user),
                  Filter.createEqualityFilter("mail", user)),
              "uid");
      s.step("Search Time");
      if (r.getEntryCount() == 0) {
        return s.report(t, "the test user " + user + " is not under " + base);
      }
      return s.report(t, null);
    } catch (LDAPException e) {
      return s.report(t, e.getResultCode() + ": " + e.getDiagnosticMessage());
    }
  }

  private static String plain(String user, String password) {
    return Base64.getEncoder()
        .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String why(Exception e) {
    if (e instanceof java.net.ConnectException) {
      return "connection refused";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static void sleep(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
