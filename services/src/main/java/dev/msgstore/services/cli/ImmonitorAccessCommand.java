package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.services.monitor.Probes;
import dev.msgstore.services.monitor.Report;
import dev.msgstore.services.monitor.Target;
import dev.msgstore.services.tls.ClientTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code immonitor-access} (reference Table 71-11): the round trip of a probe message — delivered
 * over SMTP ({@code -S}) or, msgstore's addition, straight to LMTP ({@code -C}), found and deleted
 * over IMAP ({@code -I}) and POP3 ({@code -P}) — and LDAP ({@code -L}) and HTTP ({@code -H}), each
 * timed and held to its threshold. Exit 0: all under their thresholds; 1: a threshold exceeded
 * (ALERT lines, mailed to {@code -r} through {@code -A}); 2: an error (a server unreachable, the
 * message not found); 64: usage; 75: out of memory.
 */
@Command(
    name = "immonitor-access",
    footer =
        "%nReference: Table 71-11, immonitor-access Command Options; Table 71-12, exit status.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Monitor the mail delivery (SMTP, LMTP), access (IMAP, POP), directory (LDAP) and HTTP"
          + " services by response time and the round trip of a probe message.",
      "A service is HOST[:PORT]=[THRESHOLD][,STLS|PORT] (threshold in seconds, default 60)."
    })
public final class ImmonitorAccessCommand implements Callable<Integer>, ResultVerb {
  static final int EXCEEDED = 1;
  static final int ERRORS = 2;

  @ParentCommand MsgstoreCommand root;

  @Option(names = "-u", paramLabel = "user_name", description = "The test user.")
  String user;

  @Option(
      names = "-w",
      paramLabel = "passwd",
      description = "The test user's password; - reads it from standard input.")
  String password;

  @Option(names = "-j", paramLabel = "pwdfile", description = "A file holding the password.")
  Path passwordFile;

  @Option(names = "-L", paramLabel = "LDAP_host[:port]=[threshold][,STLS|PORT]")
  List<String> ldap = new ArrayList<>();

  @Option(names = "-S", paramLabel = "SMTP_host[:port]=[threshold][,STLS]")
  List<String> smtp = new ArrayList<>();

  @Option(names = "-P", paramLabel = "POP_host[:port]=[threshold][,STLS|PORT]")
  List<String> pop = new ArrayList<>();

  @Option(names = "-I", paramLabel = "IMAP_host[:port]=[threshold][,STLS|PORT]")
  List<String> imap = new ArrayList<>();

  @Option(names = "-H", paramLabel = "HTTP_host[:port]=[threshold][,STLS|PORT]")
  List<String> http = new ArrayList<>();

  @Option(names = "-C", paramLabel = "LMTP_host[:port]=[threshold][,STLS]")
  List<String> lmtp = new ArrayList<>();

  @Option(names = "-b", paramLabel = "searchbase", description = "LDAP search base (-L).")
  String searchBase;

  @Option(names = "-B", paramLabel = "bindDN", description = "LDAP DN to bind as (-L).")
  String bindDn;

  @Option(
      names = "-c",
      paramLabel = "cookiename",
      description = "Accepted; msgstore's HTTP has none.")
  String cookie;

  @Option(
      names = "-D",
      paramLabel = "threshold",
      description = "Delivery (round trip) threshold in seconds.")
  Double deliveryThreshold;

  @Option(names = "-k", paramLabel = "mail_subject", description = "Subject: immonitor:SUBJECT.")
  String subject;

  @Option(names = "-m", paramLabel = "mailfile", description = "The text mailed to the test user.")
  Path mailFile;

  @Option(
      names = "-r",
      paramLabel = "alert_recipients",
      description = "Mail alerts to these (comma-separated).")
  String recipients;

  @Option(
      names = "-A",
      paramLabel = "alternate_mail_server",
      description = "SMTP server for alerts (default localhost:25).")
  String alertServer;

  @Option(names = "-f", paramLabel = "from_user@domain", description = "Sender of the alerts.")
  String alertFrom;

  @Option(names = "-X", description = "Enable SASL (AUTH PLAIN).")
  boolean sasl;

  @Option(names = "-T", description = "Enable SSL (with PORT or STLS).")
  boolean ssl;

  @Option(names = "-d", description = "Debug mode: display the execution steps.")
  boolean debug;

  @Option(names = "-n", description = "Operate without a message store configuration.")
  boolean noConfig;

  @Option(names = "-v", description = "Verbose mode.")
  boolean verbose;

  @Option(
      names = "-z",
      description = "Delete the messages whose subject contains -k's (default immonitor).")
  boolean delete;

  @Option(
      names = "--rcpt",
      paramLabel = "address",
      description = "msgstore: the probe message's recipient (default -u).")
  String rcpt;

  @Option(
      names = "--cafile",
      paramLabel = "pem",
      description = "msgstore: trust these certificates for TLS (default: the JDK's).")
  Path caFile;

  private List<Report> result;

  @Override
  public Integer call() {
    try {
      return run();
    } catch (OutOfMemoryError e) {
      root.context().err().println("immonitor-access: insufficient memory");
      return 75;
    }
  }

  private int run() {
    CliContext ctx = root.context();
    PrintWriter out = ctx.out();
    PrintWriter err = ctx.err();
    List<Target> delivery = new ArrayList<>();
    List<Target> access = new ArrayList<>();
    List<Target> other = new ArrayList<>();
    try {
      smtp.forEach(s -> delivery.add(Target.parse("smtp", s)));
      lmtp.forEach(s -> delivery.add(Target.parse("lmtp", s)));
      imap.forEach(s -> access.add(Target.parse("imap", s)));
      pop.forEach(s -> access.add(Target.parse("pop", s)));
      ldap.forEach(s -> other.add(Target.parse("ldap", s)));
      http.forEach(s -> other.add(Target.parse("http", s)));
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    }
    if (delivery.isEmpty() && access.isEmpty() && other.isEmpty()) {
      return usage(err, "name at least one service: -S, -C, -I, -P, -L or -H");
    }
    if (delete && !delivery.isEmpty()) {
      return usage(err, "-z deletes with -I or -P only: do not use it with -S or -C");
    }
    if (delete && access.isEmpty()) {
      return usage(err, "-z needs -I or -P");
    }
    if (deliveryThreshold != null && (delivery.isEmpty() || access.isEmpty())) {
      return usage(err, "-D goes with -S or -C and -I or -P");
    }
    if (user == null && (!delivery.isEmpty() || !access.isEmpty() || !ldap.isEmpty())) {
      return usage(err, "-u user_name is needed");
    }
    if (password != null && passwordFile != null) {
      return usage(err, "-w or -j, not both");
    }
    String pw;
    try {
      pw = password(ctx.in());
    } catch (IOException e) {
      err.println("immonitor-access: " + e.getMessage());
      return ERRORS;
    }
    if (pw == null && !access.isEmpty()) {
      return usage(err, "-I and -P need the test user's password: -w passwd, -w - or -j pwdfile");
    }
    if (noConfig && !ldap.isEmpty() && (bindDn == null || pw == null)) {
      return usage(err, "-n with -L needs -B bindDN and -w or -j");
    }
    if (!ldap.isEmpty() && searchBase == null) {
      return usage(err, "-L needs -b searchbase");
    }
    SSLContext tls;
    try {
      tls = tls();
    } catch (IOException | GeneralSecurityException e) {
      err.println("immonitor-access: --cafile " + caFile + ": " + e.getMessage());
      return ERRORS;
    }
    String tag =
        subject != null
            ? subject
            : ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS"));
    String fullSubject = delete && subject == null ? "immonitor" : "immonitor:" + tag;
    Probes probes = new Probes(tls, sasl, 30_000);
    List<Report> reports = new ArrayList<>();
    int code = 0;

    long sent = 0;
    for (Target t : delivery) {
      byte[] message;
      try {
        message = message(fullSubject);
      } catch (IOException e) {
        err.println("immonitor-access: cannot read -m " + mailFile + ": " + e.getMessage());
        return ERRORS;
      }
      debug(err, "sending the probe message to " + t.service() + " " + t.where());
      sent = sent == 0 ? System.nanoTime() : sent;
      Report r =
          probes.deliver(
              t,
              t.service().equals("lmtp"),
              alertFrom != null ? alertFrom : "immonitor@" + hostName(),
              rcpt != null ? rcpt : user,
              message);
      reports.add(r);
      code = worse(code, print(out, err, r));
    }
    boolean find = !delivery.isEmpty() && code != ERRORS;
    for (int i = 0; i < access.size(); i++) {
      Target t = access.get(i);
      boolean last = i == access.size() - 1;
      Probes.Mode mode =
          delete
              ? Probes.Mode.DELETE_ALL
              : find ? (last ? Probes.Mode.FIND_DELETE : Probes.Mode.FIND) : Probes.Mode.LOGIN;
      long deadline = System.nanoTime() + (long) (t.thresholdSeconds() * 1e9);
      debug(err, "checking " + t.service() + " " + t.where() + " (" + mode + ")");
      Report r =
          t.service().equals("imap")
              ? probes.imap(t, user, pw, fullSubject, mode, deadline)
              : probes.pop(t, user, pw, fullSubject, mode, deadline);
      reports.add(r);
      code = worse(code, print(out, err, r));
      if (find && r.error() == null) {
        double ms = (System.nanoTime() - sent) / 1e6;
        out.println("Delivery Time: " + String.format(Locale.ROOT, "%.3f", ms) + " ms");
        if (deliveryThreshold != null && ms > deliveryThreshold * 1000) {
          String alert =
              "ALERT: delivery exceeds threshold Response time="
                  + String.format(Locale.ROOT, "%.3f", ms / 1000)
                  + "secs/Threshold="
                  + String.format(Locale.ROOT, "%.3f", deliveryThreshold)
                  + "secs";
          out.println(alert);
          code = worse(code, EXCEEDED);
        }
      }
    }
    for (Target t : other) {
      debug(err, "checking " + t.service() + " " + t.where());
      Report r =
          t.service().equals("http")
              ? probes.http(t)
              : probes.ldap(t, searchBase, bindDn, bindDn == null ? null : pw, user);
      reports.add(r);
      code = worse(code, print(out, err, r));
    }
    out.flush();
    result = List.copyOf(reports);
    if (code == EXCEEDED && recipients != null) {
      mailAlerts(reports, err);
    }
    return code;
  }

  private int print(PrintWriter out, PrintWriter err, Report r) {
    for (String l : r.lines()) {
      if (l.startsWith("ERROR: ")) {
        err.println("immonitor-access: " + l.substring(7));
      } else {
        out.println(l);
      }
    }
    out.println();
    if (r.error() != null) {
      return ERRORS;
    }
    if (r.exceeded()) {
      out.println(r.alert());
      return EXCEEDED;
    }
    return 0;
  }

  private static int worse(int a, int b) {
    return Math.max(a, b);
  }

  private int usage(PrintWriter err, String why) {
    err.println("immonitor-access: " + why);
    return 64;
  }

  private void debug(PrintWriter err, String what) {
    if (debug || verbose) {
      err.println("immonitor-access: " + what);
      err.flush();
    }
  }

  private String password(InputStream stdin) throws IOException {
    if (passwordFile != null) {
      List<String> lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
      return lines.isEmpty() ? "" : lines.get(0).strip();
    }
    if ("-".equals(password)) {
      String l =
          new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      if (l == null) {
        throw new IOException("-w -: standard input is empty");
      }
      return l.strip();
    }
    return password;
  }

  private byte[] message(String fullSubject) throws IOException {
    String body =
        mailFile == null
            ? "This message was sent by immonitor-access to measure the round trip of mail.\r\n"
            : Files.readString(mailFile, StandardCharsets.UTF_8);
    return ("From: immonitor-access <immonitor@"
            + hostName()
            + ">\r\nTo: "
            + (rcpt != null ? rcpt : user)
            + "\r\nSubject: "
            + fullSubject
            + "\r\nDate: "
            + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)
            + "\r\n\r\n"
            + body)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The kernel's name for this host, for the probe's and the alerts' sender. Not {@code
   * InetAddress.getLocalHost()}: that resolves the name, a DNS look-up where /etc/hosts lacks it.
   */
  private static String hostName() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      return name.isEmpty() ? "localhost" : name;
    } catch (IOException e) {
      return "localhost";
    }
  }

  private SSLContext tls() throws IOException, GeneralSecurityException {
    return ClientTls.trusting(caFile);
  }

  /** The ALERT lines mailed through -A (default localhost:25) from -f to -r. */
  private void mailAlerts(List<Report> reports, PrintWriter err) {
    StringBuilder body = new StringBuilder();
    for (Report r : reports) {
      if (r.exceeded()) {
        body.append(r.alert()).append("\r\n");
      }
    }
    String server = alertServer == null ? "localhost:25" : alertServer;
    Target relay = Target.parse("smtp", server.contains("=") ? server : server + "=");
    Probes mailer;
    try {
      mailer = new Probes(SSLContext.getDefault(), false, 30_000);
    } catch (GeneralSecurityException e) {
      err.println("immonitor-access: no TLS for the alert mail: " + e.getMessage());
      return;
    }
    String from = alertFrom != null ? alertFrom : "root@" + hostName();
    for (String to : recipients.split(",")) {
      byte[] m =
          ("From: "
                  + from
                  + "\r\nTo: "
                  + to.strip()
                  + "\r\nSubject: immonitor-access alert\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8);
      Report r = mailer.deliver(relay, false, from, to.strip(), m);
      if (r.error() != null) {
        err.println("immonitor-access: the alert to " + to.strip() + " was not sent: " + r.error());
      }
    }
  }

  /** Each check's report, in the order they ran. */
  @Override
  public List<Report> result() {
    return result;
  }
}
