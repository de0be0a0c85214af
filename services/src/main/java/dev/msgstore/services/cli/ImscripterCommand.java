package dev.msgstore.services.cli;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.services.imscripter.ImapClient;
import dev.msgstore.services.imscripter.Scripter;
import dev.msgstore.services.imscripter.Verbosity;
import dev.msgstore.services.imscripter.Words;
import dev.msgstore.services.tls.ClientTls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imscripter} (reference Table 71-21): an IMAP client for scripts, over the network like any
 * client (to msgstore's imap or another server). Logs in, runs one command ({@code -c}), one for
 * each line of a data file ({@code -c command -f datafile}), the commands of a file ({@code -f}),
 * or an interactive prompt, then logs out. Exit: 0 when every command was answered OK, 65 when one
 * was answered NO or BAD, 77 when the login was refused, 69 when the server cannot be reached.
 */
@Command(
    name = "imscripter",
    footer = "%nReference: Table 71-21, imscripter Command Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Connect to an IMAP server and execute a command or a sequence of commands.",
      "Commands: create mailbox, delete mailbox, rename oldmailbox newmailbox [partition],"
          + " getacl mailbox, setacl mailbox userid rights, deleteacl mailbox userid, and any raw"
          + " IMAP command prefixed with '!' (!list \"\" *). Interactive without -c and -f: quit"
          + " ends."
    })
public final class ImscripterCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;

  @Option(names = "-c", paramLabel = "command", description = "Execute command.")
  String command;

  @Option(
      names = "-f",
      paramLabel = "cmdfile",
      description =
          "Commands, one a line; with -c, the argument lines the command is executed for.")
  Path file;

  @Option(
      names = "-p",
      paramLabel = "port",
      description = "Connect to the given port (default 143; 993 with --ssl).")
  Integer port;

  @Option(
      names = "-s",
      paramLabel = "server",
      defaultValue = "localhost",
      description = "Connect to the given server (default ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "-u", paramLabel = "userid", description = "Connect as userid (else asked).")
  String userid;

  @Option(
      names = "-v",
      paramLabel = "verbosity",
      description = "E I P C c B O b o A (default EPBboO, EBb with -f).")
  String verbosity;

  @Option(names = "-x", paramLabel = "passwd", description = "Use this password (else asked).")
  String password;

  @Option(
      names = "--starttls",
      description = "msgstore: STARTTLS before the login (the reference's imscripter has no TLS).")
  boolean startTls;

  @Option(names = "--ssl", description = "msgstore: TLS from the first byte (imaps).")
  boolean ssl;

  @Option(
      names = "--cafile",
      paramLabel = "pem",
      description =
          "msgstore: trust these certificates for TLS (default: the JDK's); the server's name must"
              + " match its certificate.")
  Path caFile;

  @Parameters(paramLabel = "cmddata", arity = "0..*", description = "The command's arguments.")
  List<String> data = new ArrayList<>();

  private List<ImapClient.Answer> result;

  @Override
  public Integer call() throws IOException {
    CliContext ctx = root.context();
    PrintWriter out = ctx.out();
    if (command == null && !data.isEmpty()) {
      throw VerbFailure.usage("arguments go with -c command");
    }
    if (startTls && ssl) {
      throw VerbFailure.usage("--starttls or --ssl, not both");
    }
    if (caFile != null && !startTls && !ssl) {
      throw VerbFailure.usage("--cafile goes with --starttls or --ssl");
    }
    Verbosity v;
    try {
      v =
          new Verbosity(
              verbosity != null
                  ? verbosity
                  : file != null ? Verbosity.DEFAULT_WITH_FILE : Verbosity.DEFAULT);
    } catch (IllegalArgumentException e) {
      throw VerbFailure.usage(e.getMessage());
    }
    List<String> lines = null;
    if (file != null) {
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new VerbFailure(ExitCodes.NO_INPUT, "cannot read " + file + ": " + e.getMessage());
      }
    }
    SSLContext tls = null;
    if (startTls || ssl) {
      try {
        tls = ClientTls.trusting(caFile);
      } catch (IOException | GeneralSecurityException e) {
        throw new VerbFailure(
            ExitCodes.NO_INPUT, "cannot read --cafile " + caFile + ": " + e.getMessage());
      }
    }
    BufferedReader in = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8));
    String host = server.contains(".") ? server.substring(0, server.indexOf('.')) : server;
    String user = userid != null ? userid : ask(in, out, host + " userid: ");
    String pw = password != null ? password : ask(in, out, host + " password for " + user + ": ");
    int port = this.port != null ? this.port : ssl ? 993 : 143;
    ImapClient.Security security =
        ssl
            ? ImapClient.Security.IMPLICIT
            : startTls ? ImapClient.Security.STARTTLS : ImapClient.Security.NONE;
    ImapClient client;
    try {
      client =
          ImapClient.connect(
              server, port, 30_000, security, tls == null ? null : tls.getSocketFactory());
    } catch (SSLException e) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE, "no TLS with " + server + " port " + port + ": " + e.getMessage());
    } catch (IOException e) {
      throw new VerbFailure(
          ExitCodes.UNAVAILABLE,
          "cannot connect to "
              + server
              + " port "
              + port
              + ": "
              + (e instanceof ConnectException ? "connection refused" : e.getMessage()));
    }
    int code = ExitCodes.OK;
    try (client) {
      Scripter s = new Scripter(client, v, out);
      ImapClient.Answer login = s.login(user, pw);
      if (!login.status().equals("OK")) {
        result = s.answers();
        throw new VerbFailure(
            ExitCodes.PERMISSION,
            "the server refused the login of " + user + ": " + login.completion());
      }
      try {
        if (command != null && lines != null) {
          for (String l : lines) {
            if (!l.isBlank()) {
              List<String> words = new ArrayList<>(List.of(command));
              words.addAll(Words.split(l));
              code = worst(code, s.command(words));
            }
          }
        } else if (command != null) {
          List<String> words = new ArrayList<>(List.of(command));
          words.addAll(data);
          code = worst(code, s.command(words));
        } else if (lines != null) {
          for (String l : lines) {
            if (!l.isBlank() && !l.strip().startsWith("#")) {
              code = worst(code, s.command(l));
            }
          }
        } else {
          code = interactive(s, v, in, out, ctx.err());
        }
      } catch (IllegalArgumentException e) {
        throw VerbFailure.usage(e.getMessage());
      } finally {
        s.logout();
        result = s.answers();
      }
    }
    return code;
  }

  private static int interactive(
      Scripter s, Verbosity v, BufferedReader in, PrintWriter out, PrintWriter err)
      throws IOException {
    int code = ExitCodes.OK;
    while (true) {
      if (v.shows('P')) {
        out.print("imscripter> ");
        out.flush();
      }
      String line = in.readLine();
      if (line == null) {
        return code;
      }
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (v.shows('C')) {
        out.println(t);
      }
      String word = t.split("\\s+")[0].toLowerCase(Locale.ROOT);
      if (word.equals("quit") || word.equals("exit")) {
        return code;
      }
      try {
        code = worst(code, s.command(t));
      } catch (IllegalArgumentException e) {
        if (v.shows('E')) {
          err.println("imscripter: " + e.getMessage());
          err.flush();
        }
        code = ExitCodes.USAGE;
      }
    }
  }

  private static int worst(int code, ImapClient.Answer a) {
    return a.status().equals("OK") ? code : ExitCodes.DATA;
  }

  private static String ask(BufferedReader in, PrintWriter out, String prompt) throws IOException {
    out.print(prompt);
    out.flush();
    String line = in.readLine();
    if (line == null) {
      throw VerbFailure.usage("give -u userid and -x passwd (standard input ended)");
    }
    return line.strip();
  }

  /** Every command sent (the login and logout included) and what it was answered. */
  @Override
  public List<ImapClient.Answer> result() {
    return result;
  }
}
