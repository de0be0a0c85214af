package dev.msgstore.journal;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM that a test starts (to kill it, or to give it a real standard
 * input or terminal): this JDK, the project's JVM flags ({@code jvm.options}, whose path surefire
 * passes as {@code msgstore.jvm.options}; else this JVM's own flags), this test's class path.
 */
public final class ChildJava {
  private ChildJava() {}

  /** {@code java @jvm.options flags... -cp <test class path> main args...} */
  public static List<String> command(List<String> flags, String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String options = System.getProperty("msgstore.jvm.options");
    if (options != null) {
      cmd.add("@" + options);
    } else {
      cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    }
    cmd.addAll(flags);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    return cmd;
  }
}
