package dev.msgstore.commands.imsbackup;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.store.StoreLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The backup groups of {@code config/backup-groups.conf} (reference, mkbackupdir): lines {@code
 * groupname=pattern}, the pattern an IMAP wildcard ({@code *}, {@code %}) over user ids; blank
 * lines and lines starting with {@code #} are ignored. Without the file there is one group, {@code
 * ALL}. A line in error fails the whole file, naming the line: nothing runs on half a
 * configuration.
 */
public record BackupGroups(Map<String, MailboxPattern> groups) {
  public static final String ALL = "ALL";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  public BackupGroups {
    groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
  }

  public static Path file(Path storeRoot) {
    return StoreLayout.config(storeRoot).resolve("backup-groups.conf");
  }

  /** The store's groups: its file's, or {@code ALL=*} when it has none. */
  public static BackupGroups of(Path storeRoot) {
    Path f = file(storeRoot);
    if (!Files.exists(f)) {
      return new BackupGroups(Map.of(ALL, new MailboxPattern("*")));
    }
    return parse(InputFile.read(f, StandardCharsets.UTF_8));
  }

  static BackupGroups parse(InputFile file) {
    Map<String, MailboxPattern> groups = new LinkedHashMap<>();
    for (int i = 0; i < file.lines().size(); i++) {
      String line = file.lines().get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw bad(file, i, "not groupname=pattern");
      }
      String name = line.substring(0, eq).strip();
      String pattern = line.substring(eq + 1).strip();
      if (!NAME.matcher(name).matches()) {
        throw bad(file, i, "a group name is letters, digits, '.', '_' and '-'");
      }
      if (pattern.isEmpty() || pattern.chars().anyMatch(Character::isWhitespace)) {
        throw bad(file, i, "the pattern must be one IMAP wildcard pattern (* and %)");
      }
      if (groups.put(name, new MailboxPattern(pattern)) != null) {
        throw bad(file, i, "group " + name + " is defined twice");
      }
    }
    if (groups.isEmpty()) {
      throw new VerbFailure(ExitCodes.DATA, file.source() + ": defines no group");
    }
    return new BackupGroups(groups);
  }

  private static VerbFailure bad(InputFile file, int index, String why) {
    return new VerbFailure(ExitCodes.DATA, file.where(index) + ": " + why);
  }

  public Optional<MailboxPattern> group(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  /** The first group whose pattern takes {@code userId}, as mkbackupdir files a user. */
  public Optional<String> groupOf(String userId) {
    return groups.entrySet().stream()
        .filter(e -> e.getValue().matches(userId))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
