package dev.msgstore.commands.deliver;

import dev.msgstore.commands.VerbRun;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code msgstore deliver …} in this JVM with the given standard input, and keeps the output.
 */
record Run(int exit, String out, String err) {
  static Run deliver(byte[] stdin, String... args) {
    return deliver(new ByteArrayInputStream(stdin), args);
  }

  static Run deliver(InputStream stdin, String... args) {
    List<String> all = new ArrayList<>();
    all.add("deliver");
    all.addAll(List.of(args));
    VerbRun r = VerbRun.run(stdin, verb -> {}, all.toArray(String[]::new));
    return new Run(r.exit(), r.out(), r.err());
  }
}
