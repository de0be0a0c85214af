package dev.msgstore.services.cli;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.FileModes;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.store.AppendOptions;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateMailbox;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.directory.Directories;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.PasswordHashing;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo users {@code serve} gives a store whose embedded directory has no user yet: alice, bob
 * and carol, each with a random password (any local user can reach a loopback port, so no password
 * is the same twice) and a welcome message in their INBOX. The passwords are kept in {@code
 * demo-passwords} under the store root (0600, in the 0700 root), so that every later {@code serve}
 * can say them again; the directory itself keeps only their hashes.
 */
final class DemoUsers {
  static final List<String> NAMES = List.of("alice", "bob", "carol");
  static final String DOMAIN = "example.com";

  private DemoUsers() {}

  static Path file(Path root) {
    return root.resolve("demo-passwords");
  }

  /**
   * The demo users and their passwords: made now when the directory is embedded and has no user,
   * else read from the file an earlier run wrote; empty when neither (the store has users of its
   * own).
   */
  static Map<String, String> provision(Store s, Author author, Path root) throws IOException {
    Path file = file(root);
    if (Files.exists(file)) {
      return read(file);
    }
    if (!Directories.embedded(s.config())) {
      return Map.of();
    }
    try (Directory d = Directories.open(s)) {
      if (!d.users("*").isEmpty()) {
        return Map.of();
      }
    }
    SecureRandom random = new SecureRandom();
    Map<String, String> made = new LinkedHashMap<>();
    for (String name : NAMES) {
      String password = password(random);
      DirectoryUser u =
          new DirectoryUser(
              name,
              "",
              name + "@" + DOMAIN,
              List.of(),
              UserStatus.ACTIVE,
              0,
              QuotaLimits.NONE,
              "",
              "",
              "");
      s.execute(
          author,
          new CreateUserEntry(
              u, new PasswordHash(PasswordHashing.standard().hash(password.toCharArray()))));
      s.execute(author, new CreateMailbox("user/" + name + "/INBOX", null));
      s.append(author, "user/" + name + "/INBOX", welcome(name), AppendOptions.DEFAULT);
      made.put(name, password);
    }
    List<String> lines = new ArrayList<>();
    made.forEach((n, p) -> lines.add(n + " " + p));
    Files.write(file, lines, StandardCharsets.UTF_8);
    FileModes.conformFile(file);
    return made;
  }

  private static Map<String, String> read(Path file) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] f = line.strip().split("\\s+", 2);
      if (f.length == 2) {
        out.put(f[0], f[1]);
      }
    }
    return out;
  }

  private static String password(SecureRandom random) {
    String letters = "abcdefghijkmnpqrstuvwxyz23456789"; // nothing read as another
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(letters.charAt(random.nextInt(letters.length())));
    }
    return sb.toString();
  }

  private static ByteArrayInputStream welcome(String name) {
    String m =
        "From: msgstore <postmaster@"
            + DOMAIN
            + ">\r\nTo: "
            + name
            + "@"
            + DOMAIN
            + "\r\nSubject: welcome to msgstore\r\nMessage-ID: <welcome-"
            + name
            + "@"
            + DOMAIN
            + ">\r\n\r\nThis store is served by msgstore serve.\r\n";
    return new ByteArrayInputStream(m.getBytes(StandardCharsets.UTF_8));
  }
}
