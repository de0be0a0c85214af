package dev.msgstore.commands.imsasm;

import dev.msgstore.commands.MsgstoreCommand;
import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.FormatOption;
import dev.msgstore.commands.cli.ResultVerb;
import dev.msgstore.commands.cli.StoreOption;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.imsbackup.BackupGroups;
import dev.msgstore.commands.imsbackup.ImsbackupCommand;
import dev.msgstore.commands.mboxutil.NameCodec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code imsasm} (Tables 71-16, 71-17, 71-18): the NetWorker ASM for mailboxes. Saving walks
 * mkbackupdir's tree and writes a save stream (docs/ASM-SAVE-STREAM.md) on standard output, one
 * record per mailbox file and per user directory, each holding the imsbackup stream of that mailbox
 * or account; recovering reads one on standard input into the store, as imsrestore would; comparing
 * reads one and says what differs from the store. Its {@link #result()} is an {@link AsmReport}.
 */
@Command(
    name = "imsasm",
    footer = {
      "%nReference: Tables 71-16, 71-17 and 71-18, imsasm Options.",
      "The save stream is described in docs/ASM-SAVE-STREAM.md."
    },
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The NetWorker ASM for mailboxes: -s saves the files of mkbackupdir's tree (each mailbox,"
          + " each user directory's account) as a save stream on stdout; -r recovers a save stream"
          + " from stdin into the store; -c compares a save stream from stdin with the store.",
      "  imsasm -s [-benov] [-ix] [-t time] [-f proto] [-p ppath] file...",
      "  imsasm -r [-dnv] [-i {nNyYrR}] [-m src=dst] [-z suffix] [-p path] [file...]",
      "  imsasm -c [-nv] [-p path] [file...]"
    })
public final class ImsasmCommand implements Callable<Integer>, ResultVerb {
  @ParentCommand MsgstoreCommand root;
  @Mixin StoreOption store;
  @Mixin FormatOption format;

  @Option(names = "-s", description = "Save: write a save stream of the files on stdout.")
  boolean save;

  @Option(names = "-r", description = "Recover: read a save stream on stdin into the store.")
  boolean recover;

  @Option(names = "-c", description = "Compare: read a save stream on stdin and compare it.")
  boolean compare;

  @Option(
      names = "-n",
      description =
          "Dry run: -s walks and names what it would save; -r and -c read the stream and check"
              + " every chunk and record of it, and change and compare nothing.")
  boolean dryRun;

  @Option(
      names = "-v",
      description = "Verbose: the ASM, its arguments and each file it processes, on stderr.")
  boolean verbose;

  @Option(
      names = "-b",
      description =
          "-s: byte count: print records, header bytes and approximate data bytes; no stream.")
  boolean byteCount;

  @Option(
      names = "-o",
      description =
          "-s: old-style stream for older NetWorker servers (NetWorker only: this ASM's stream"
              + " has one style).")
  boolean oldStyle;

  @Option(
      names = "-e",
      description = "-s: leave out the final end-of-save-stream boolean (an outer ASM goes on).")
  boolean noEnd;

  @Option(
      names = "-i",
      arity = "0..1",
      paramLabel = "response",
      parameterConsumer = ResponseConsumer.class,
      description = {
        "-s: ignore the .nsr directives found in the tree (save every mailbox file).",
        "-r: the initial overwrite response when a mailbox exists: n (default) skip it, y"
            + " overwrite it (it ends as saved), r recover it as name.suffix; N, Y, R the same"
            + " without prompting. Prompts need a terminal; without one each conflict takes the"
            + " default."
      })
  String response;

  @Option(
      names = "--ignore-directives",
      description = "-s -i, by name (for a script's typed form).")
  boolean ignoreDirectives;

  @Option(
      names = "-f",
      paramLabel = "proto",
      description = "-s: a directive file to apply first ('asm: pattern...', '<< path >>').")
  Path proto;

  @Option(
      names = "-p",
      paramLabel = "path",
      description =
          "-s: prepend this to each file's name in the stream; -r, -c: the prefix the save"
              + " prepended (removed before selecting and mapping).")
  String prefix;

  @Option(
      names = "-t",
      paramLabel = "time",
      description =
          "-s: save only mailboxes changed since time (YYYYMMDD[:HHMMSS] in TZ, or seconds since"
              + " 1970), each as an incremental of what changed.")
  String since;

  @Option(
      names = "-x",
      description = "-s: cross file system boundaries (by default a walk stays on one).")
  boolean crossDevices;

  @Option(
      names = "-d",
      description =
          "-r: debug: each record's kind, name and data bytes on stderr (Table 71-18 lists -d"
              + " without describing it).")
  boolean debug;

  @Option(
      names = "-m",
      paramLabel = "src=dst",
      description =
          "-r: a name starting exactly with src is recovered as dst followed by the rest (the"
              + " user's directory and folders of the path name the user and mailbox).")
  List<String> maps = new ArrayList<>();

  @Option(
      names = "-z",
      paramLabel = "suffix",
      description = "-r: the suffix of renamed mailboxes (default R).")
  String suffix = "R";

  @Parameters(
      paramLabel = "file",
      description = "-s: files and directories to save; -r, -c: the names to recover or compare.")
  List<Path> files = new ArrayList<>();

  private AsmReport result;

  @Override
  public AsmReport result() {
    return result;
  }

  @Override
  public Integer call() throws IOException {
    int modes = (save ? 1 : 0) + (recover ? 1 : 0) + (compare ? 1 : 0);
    if (modes != 1) {
      throw VerbFailure.usage("give one of -s (save), -r (recover) or -c (compare)");
    }
    if (!save
        && (byteCount
            || oldStyle
            || noEnd
            || proto != null
            || since != null
            || crossDevices
            || ignoreDirectives)) {
      throw VerbFailure.usage("-b, -o, -e, -f, -t, -x and -i without a response are for -s");
    }
    if (!recover
        && (debug
            || !maps.isEmpty()
            || !suffix.equals("R")
            || response != null && !response.isEmpty())) {
      throw VerbFailure.usage("-d, -m, -z and -i response are for -r");
    }
    if (compare && response != null) {
      throw VerbFailure.usage("-i is for -s (ignore directives) and -r (the overwrite response)");
    }
    if (save && files.isEmpty()) {
      throw VerbFailure.usage("-s: name at least one file or directory to save");
    }
    if (save && format.json() && !dryRun && !byteCount) {
      throw VerbFailure.usage("--format json: the save stream is standard output (use -n or -b)");
    }
    if (!suffix.matches("[A-Za-z0-9_-]+")) {
      throw VerbFailure.usage("-z: a suffix is letters, digits, '_' and '-'");
    }
    List<Mapping> mappings = new ArrayList<>();
    for (String m : maps) {
      int eq = m.indexOf('=');
      if (eq <= 0 || eq == m.length() - 1) {
        throw VerbFailure.usage("-m " + m + ": not src=dst");
      }
      mappings.add(new Mapping(m.substring(0, eq), m.substring(eq + 1)));
    }
    if (recover && response != null && !response.matches("[nNyYrR]")) {
      throw VerbFailure.usage("-i: one of n N y Y r R");
    }
    Path storeRoot = store.resolve(root.context());
    if (verbose) {
      root.context()
          .err()
          .println("imsasm: " + root.context().origin().replaceFirst("^msgstore ", ""));
      root.context().err().flush();
    }
    if (save) {
      Long sinceMicros = since == null ? null : Times.parse(since, root.context().env());
      result =
          new Saver(
                  root.context(),
                  storeRoot,
                  BackupGroups.of(storeRoot),
                  NameCodec.of(null),
                  new Saver.Options(
                      dryRun,
                      verbose,
                      byteCount,
                      noEnd,
                      ignoreDirectives || response != null,
                      proto,
                      prefix,
                      sinceMicros == null ? 0 : sinceMicros,
                      crossDevices))
              .run(files);
      return 0;
    }
    Reader.Options o =
        new Reader.Options(
            dryRun,
            verbose,
            debug,
            prefix,
            files.stream().map(Path::toString).toList(),
            mappings,
            response == null ? 'n' : response.charAt(0),
            suffix);
    Reader reader = new Reader(root.context(), storeRoot, NameCodec.of(null), o);
    result = recover ? reader.recover() : reader.compare();
    if (compare && result.differing() > 0) {
      throw new VerbFailure(
          ExitCodes.DATA,
          result.differing() + " of " + result.records().size() + " records differ from the store");
    }
    return 0;
  }

  /** {@code -m src=dst}. */
  record Mapping(String src, String dst) {}

  /**
   * {@code -i}: a switch when saving (ignore directives), an option with a response when
   * recovering. The mode comes first, as the reference requires, so it decides.
   */
  static final class ResponseConsumer implements IParameterConsumer {
    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
      boolean isRecover = Boolean.TRUE.equals(spec.findOption("-r").getValue());
      boolean isSave = Boolean.TRUE.equals(spec.findOption("-s").getValue());
      boolean isCompare = Boolean.TRUE.equals(spec.findOption("-c").getValue());
      if (!isRecover && !isSave && !isCompare) {
        throw new ParameterException(
            spec.commandLine(), "-s, -r or -c must come before any other option (it decides -i)");
      }
      if (!isRecover) {
        argSpec.setValue("");
        return;
      }
      if (args.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "-i: give a response, n N y Y r R");
      }
      argSpec.setValue(args.pop());
    }
  }

  /** {@code -t}: {@code YYYYMMDD[:HHMMSS]} as imsbackup -d, or seconds since 1970. */
  static final class Times {
    private Times() {}

    static long parse(String time, java.util.Map<String, String> env) {
      if (time.matches("\\d{9,}")) {
        return Long.parseLong(time) * 1_000_000L;
      }
      try {
        return ImsbackupCommand.parseDate(time, env);
      } catch (VerbFailure e) {
        throw VerbFailure.usage(
            "-t " + time + ": not a time (YYYYMMDD[:HHMMSS], or seconds since 1970)");
      }
    }
  }
}
