package dev.msgstore.services.imap;

import java.nio.file.Path;
import java.util.Map;

/**
 * A child JVM's {@code imap} component (tests that bound its heap): {@code ImapChild ROOT
 * [OPTION=VALUE...]} serves the store in ROOT with the user joe (pw-joe), prints "PORT n", and
 * stops when its standard input ends.
 */
final class ImapChild {
  private ImapChild() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> config = new java.util.HashMap<>();
    for (int i = 1; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      config.put(kv[0], kv[1]);
    }
    try (ImapServer server = new ImapServer(Path.of(args[0]), config, "joe")) {
      System.out.println("PORT " + server.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes our standard input
      }
    }
    System.exit(0);
  }
}
