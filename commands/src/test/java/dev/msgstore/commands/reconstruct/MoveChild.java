package dev.msgstore.commands.reconstruct;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.store.Store;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM that runs one command line ({@code mboxutil -r ...}) through the launcher's own code,
 * having first opened the store and printed {@code READY root}: the verb shares that open store, so
 * the parent times its kill from the moment the move itself starts, not from the JVM's start.
 *
 * <p>Arguments: the store root, then the verb and its arguments.
 */
public final class MoveChild {
  private MoveChild() {}

  public static void main(String[] args) {
    String[] verb = List.of(args).subList(1, args.length).toArray(String[]::new);
    int code;
    try (Store s = Store.open(Path.of(args[0]))) {
      System.out.println("READY " + s.root());
      System.out.flush();
      code = Main.run(CliContext.system(List.of(verb)), verb);
    }
    System.out.println("EXIT " + code);
    System.out.flush();
    System.exit(code);
  }
}
