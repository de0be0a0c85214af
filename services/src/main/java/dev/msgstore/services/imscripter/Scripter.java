package dev.msgstore.services.imscripter;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * imscripter's commands (reference "Recognized Commands"): create, delete, rename, getacl, setacl,
 * deleteacl, each turned into its IMAP command, and {@code !raw} sent as it is; every response is
 * printed as {@code " N) <= response"} as the verbosity allows.
 */
public final class Scripter {
  private final ImapClient client;
  private final Verbosity verbosity;
  private final PrintWriter out;
  private final List<ImapClient.Answer> answers = new ArrayList<>();

  public Scripter(ImapClient client, Verbosity verbosity, PrintWriter out) {
    this.client = client;
    this.verbosity = verbosity;
    this.out = out;
  }

  /** What was sent and answered so far, in order. */
  public List<ImapClient.Answer> answers() {
    return List.copyOf(answers);
  }

  /** Shows the greeting (as response 1, the login's) and logs in. */
  public ImapClient.Answer login(String user, String password) throws IOException {
    if (verbosity.showsUntagged(client.greeting())) {
      show(client.nextTag(), client.greeting());
    }
    return run("LOGIN " + ImapClient.quoted(user) + " " + ImapClient.quoted(password), "LOGIN");
  }

  /**
   * Runs one imscripter command line ({@code create lincoln}, {@code !list "" *}); a command it
   * does not know fails with the line to print.
   */
  public ImapClient.Answer command(String line) throws IOException {
    String trimmed = line.strip();
    if (trimmed.startsWith("!")) {
      return run(trimmed.substring(1), trimmed.substring(1));
    }
    return command(Words.split(trimmed));
  }

  /** A command as words: its name, then its arguments ({@code -c create -f folders}). */
  public ImapClient.Answer command(List<String> words) throws IOException {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("an empty command");
    }
    if (words.get(0).startsWith("!")) {
      List<String> rest = words.subList(1, words.size()).stream().map(ImapClient::quoted).toList();
      String raw = (words.get(0).substring(1) + " " + String.join(" ", rest)).strip();
      return run(raw, raw);
    }
    String trimmed = String.join(" ", words);
    String name = words.get(0).toLowerCase(Locale.ROOT);
    List<String> args = words.subList(1, words.size());
    String imap =
        switch (name) {
          case "create" -> "CREATE " + arg(name, args, 1, 1, "mailbox");
          case "delete" -> "DELETE " + arg(name, args, 1, 1, "mailbox");
          case "rename" -> "RENAME " + arg(name, args, 2, 3, "oldmailbox newmailbox [partition]");
          case "getacl" -> "GETACL " + arg(name, args, 1, 1, "mailbox");
          case "setacl" -> "SETACL " + arg(name, args, 3, 3, "mailbox userid rights");
          case "deleteacl" -> "DELETEACL " + arg(name, args, 2, 2, "mailbox userid");
          default ->
              throw new IllegalArgumentException(
                  "unknown command "
                      + words.get(0)
                      + "; the commands are create, delete, rename, getacl, setacl, deleteacl,"
                      + " and !raw IMAP");
        };
    return run(imap, trimmed);
  }

  private static String arg(String name, List<String> args, int min, int max, String usage) {
    if (args.size() < min || args.size() > max) {
      throw new IllegalArgumentException(name + " takes " + usage);
    }
    return String.join(" ", args.stream().map(ImapClient::quoted).toList());
  }

  /** LOGOUT, shown as the others. */
  public ImapClient.Answer logout() throws IOException {
    return run("LOGOUT", "LOGOUT");
  }

  private ImapClient.Answer run(String imap, String echo) throws IOException {
    int n = client.nextTag();
    if (verbosity.shows('c')) {
      show(n, imap.startsWith("LOGIN ") ? "LOGIN ..." : imap, "=>");
    }
    ImapClient.Answer a = client.send(imap);
    for (String u : a.untagged()) {
      if (verbosity.showsUntagged(u)) {
        show(n, u);
      }
    }
    if (verbosity.showsCompletion(a.status())) {
      show(n, a.completion());
    }
    answers.add(a);
    out.flush();
    return a;
  }

  private void show(int n, String response) {
    show(n, response, "<=");
  }

  private void show(int n, String response, String arrow) {
    out.printf("%4d) %s %s%n", n, arrow, response);
  }
}
