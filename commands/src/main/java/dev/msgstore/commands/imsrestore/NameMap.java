package dev.msgstore.commands.imsrestore;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.InputFile;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.commands.mboxutil.NameCodec;
import dev.msgstore.projections.model.MailboxNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code -m} mapfile of imsrestore: lines {@code oldname=newname}. A name without {@code /} is
 * a user id (the account and every mailbox of it move to the new user); a name with one is a
 * mailbox ({@code user/joe/projx=user/joe/old-projx}), which takes its children with it. Blank
 * lines and {@code #} comments are ignored; any other line in error fails the whole file, naming
 * the line, before anything is restored.
 */
public record NameMap(Map<String, String> users, Map<String, String> mailboxes) {
  public static final NameMap NONE = new NameMap(Map.of(), Map.of());

  static NameMap parse(InputFile file, NameCodec codec) {
    Map<String, String> users = new LinkedHashMap<>();
    Map<String, String> mailboxes = new LinkedHashMap<>();
    for (int i = 0; i < file.lines().size(); i++) {
      String line = file.lines().get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || eq == line.length() - 1 || line.indexOf('=', eq + 1) >= 0) {
        throw new VerbFailure(ExitCodes.DATA, file.where(i) + ": not oldname=newname");
      }
      String from = line.substring(0, eq).strip();
      String to = line.substring(eq + 1).strip();
      boolean fromBox = from.contains("/");
      if (fromBox != to.contains("/")) {
        throw new VerbFailure(
            ExitCodes.DATA, file.where(i) + ": map a user to a user, a mailbox to a mailbox");
      }
      Map<String, String> into = fromBox ? mailboxes : users;
      try {
        if (fromBox) {
          from = MailboxNames.canonical(codec.toInternal(from));
          to = codec.toInternal(to);
          Optional<String> problem = MailboxNames.problem(to);
          if (problem.isPresent()) {
            throw new VerbFailure(ExitCodes.DATA, file.where(i) + ": " + problem.get());
          }
        }
      } catch (VerbFailure e) {
        throw new VerbFailure(ExitCodes.DATA, file.where(i) + ": not a mailbox name");
      }
      if (into.put(from, to) != null) {
        throw new VerbFailure(ExitCodes.DATA, file.where(i) + ": mapped twice");
      }
    }
    return new NameMap(users, mailboxes);
  }

  /** The name a backed-up mailbox is restored under, by this map only. */
  String mailbox(String name) {
    String best = null;
    for (String k : mailboxes.keySet()) {
      if ((name.equals(k) || name.startsWith(k + "/"))
          && (best == null || k.length() > best.length())) {
        best = k;
      }
    }
    if (best != null) {
      return mailboxes.get(best) + name.substring(best.length());
    }
    Optional<String> owner = MailboxNames.ownerOf(name);
    if (owner.isPresent() && users.containsKey(owner.get())) {
      String prefix = MailboxNames.USER_PREFIX + owner.get();
      return MailboxNames.USER_PREFIX + users.get(owner.get()) + name.substring(prefix.length());
    }
    return name;
  }

  String user(String id) {
    return users.getOrDefault(id, id);
  }
}
