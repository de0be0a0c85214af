package dev.msgstore.commands.hashdir;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.UserDirectoryHash;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hashdir} (reference Table 71-5): the two-level directory a user's files live under in a
 * partition. Pure computation, as the reference says: it neither opens the store nor checks that
 * the user exists, so it works on any host and gives the same answer as {@code mboxutil -x}. Its
 * {@link #result()} is the {@link UserDirectory}s printed, in order.
 */
@Command(
    name = "hashdir",
    footer = "%nReference: Table 71-5, hashdir Options.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Print the directory (hh/hh/) under <partition>/=user/ where a user's files are found.",
      "hh/hh are the first two bytes, in lowercase hex, of the SHA-256 of the UTF-8 user id (the"
          + " user id is case-sensitive; hosted-domain users are uid@domain). The reference's"
          + " example values come from an undocumented hash; this one is stable and the same as"
          + " the paths mboxutil -x prints."
    })
public final class HashdirCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin FormatOption format;

  /** Where -i reads user ids from: standard input, unless a test or script says otherwise. */
  @Option(
      names = "-a",
      description = "Append the user's own directory: hh/hh/=<userid>/ (as on disk).")
  boolean append;

  @Option(names = "-i", description = "Interactive: read one user id a line from standard input.")
  boolean interactive;

  @Parameters(paramLabel = "userid[@domain]", arity = "0..*", description = "User ids.")
  List<String> users = new ArrayList<>();

  private List<UserDirectory> result;

  @Override
  public Integer call() throws IOException {
    if (users.isEmpty() && !interactive) {
      throw VerbFailure.usage("a user id is required (or -i to read them from standard input)");
    }
    if (users.contains("")) {
      throw VerbFailure.usage("a user id cannot be empty");
    }
    PrintWriter out = root.context().out();
    List<UserDirectory> answered = new ArrayList<>();
    for (String user : users) {
      answered.add(answer(user, out));
    }
    if (interactive) {
      // One answer per line as soon as it is read, so that a program can drive it line by line.
      BufferedReader in =
          new BufferedReader(new InputStreamReader(root.context().in(), StandardCharsets.UTF_8));
      for (String user = in.readLine(); user != null; user = in.readLine()) {
        String id = user.strip();
        if (!id.isEmpty()) {
          answered.add(answer(id, out));
          out.flush();
        }
      }
    }
    out.flush();
    result = List.copyOf(answered);
    return 0;
  }

  /** The directories computed, one per user id given or read; null before the run. */
  @Override
  public List<UserDirectory> result() {
    return result;
  }

  /** Prints the answer for one user: {@code hh/hh/}, or with -a {@code hh/hh/=userid/}. */
  private UserDirectory answer(String user, PrintWriter out) {
    String dir = UserDirectoryHash.of(user) + "/";
    UserDirectory d = new UserDirectory(user, append ? dir + "=" + user + "/" : dir);
    out.println(d.directory());
    return d;
  }
}
