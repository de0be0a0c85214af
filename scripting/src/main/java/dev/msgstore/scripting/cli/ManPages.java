package dev.msgstore.scripting.cli;

import dev.msgstore.commands.Main;
import dev.msgstore.commands.cli.CliContext;
import java.io.File;
import java.io.IOException;
import java.util.List;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/** Writes the AsciiDoc man pages of the launcher and every verb (run at {@code package}). */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages OUTPUT_DIR");
    }
    var launcher = Main.commandLine(CliContext.system(List.of()));
    int code =
        ManPageGenerator.generateManPage(
            new File(args[0]), null, new boolean[0], true, launcher.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("the man page generator returned " + code);
    }
  }
}
