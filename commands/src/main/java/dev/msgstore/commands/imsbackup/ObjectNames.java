package dev.msgstore.commands.imsbackup;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.MailboxRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The object names imsbackup and imsrestore take (Table 71-19, "name"): a logical path ({@code /}
 * the whole store, {@code /partition}, {@code /partition/group} a backup group, {@code
 * /partition/user/joe[/folder]}), an internal name ({@code user/joe} the account, {@code
 * user/joe/folder} one mailbox, {@code *} and {@code %} patterns) or a user id (patterns too).
 */
public final class ObjectNames {
  private sealed interface Name {}

  private record Everything() implements Name {}

  private record Partition(String partition) implements Name {}

  private record Group(String partition, String group, MailboxPattern users) implements Name {}

  /** {@code user/joe}: the account. */
  private record Account(String partition, MailboxPattern users) implements Name {}

  /** {@code user/joe/folder}: mailboxes. */
  private record Mailboxes(String partition, MailboxPattern names) implements Name {}

  private final List<String> given;
  private final List<Name> names;

  private ObjectNames(List<String> given, List<Name> names) {
    this.given = List.copyOf(given);
    this.names = List.copyOf(names);
  }

  /** Parses {@code given} (internal names already); backup groups are read only if one is named. */
  public static ObjectNames parse(
      List<String> given, java.util.function.Supplier<BackupGroups> groups) {
    List<Name> names = new ArrayList<>();
    for (String g : given) {
      names.add(parse(g, groups));
    }
    return new ObjectNames(given, names);
  }

  private static Name parse(String g, java.util.function.Supplier<BackupGroups> groups) {
    if (g.isEmpty()) {
      throw VerbFailure.usage("an empty object name");
    }
    if (g.equals("/")) {
      return new Everything();
    }
    if (g.startsWith("/")) {
      String[] parts = g.substring(1).split("/", 3);
      String partition = parts[0];
      if (parts.length == 1) {
        return new Partition(partition);
      }
      if (parts[1].equals("user")) {
        if (parts.length < 3 || parts[2].isEmpty()) {
          throw VerbFailure.usage(g + ": name a user after /" + partition + "/user/");
        }
        return internal(partition, "user/" + parts[2]);
      }
      if (parts.length > 2) {
        throw VerbFailure.usage(
            g + ": not a logical path (/partition[/group | /user/uid[/folder]])");
      }
      MailboxPattern users =
          groups
              .get()
              .group(parts[1])
              .orElseThrow(
                  () ->
                      new VerbFailure(
                          ExitCodes.DATA,
                          g + ": no backup group " + parts[1] + " in backup-groups.conf"));
      return new Group(partition, parts[1], users);
    }
    if (g.startsWith(MailboxNames.USER_PREFIX)) {
      return internal(null, g);
    }
    return new Account(null, new MailboxPattern(g));
  }

  private static Name internal(String partition, String name) {
    String rest = name.substring(MailboxNames.USER_PREFIX.length());
    if (rest.isEmpty()) {
      throw VerbFailure.usage(name + ": name a user after user/");
    }
    if (rest.indexOf('/') < 0) {
      return new Account(partition, new MailboxPattern(rest));
    }
    return new Mailboxes(partition, new MailboxPattern(MailboxNames.canonical(name)));
  }

  public List<String> given() {
    return given;
  }

  /** Whether a backed-up mailbox is named (for imsrestore): by its name and partition. */
  public boolean selects(String mailbox, String partition) {
    if (names.isEmpty()) {
      return true;
    }
    Optional<String> owner = MailboxNames.ownerOf(mailbox);
    for (Name n : names) {
      boolean hit =
          switch (n) {
            case Everything e -> true;
            case Partition p -> p.partition().equals(partition);
            case Group g ->
                g.partition().equals(partition) && owner.map(g.users()::matches).orElse(false);
            case Account a ->
                (a.partition() == null || a.partition().equals(partition))
                    && owner.map(a.users()::matches).orElse(false);
            case Mailboxes m ->
                (m.partition() == null || m.partition().equals(partition))
                    && m.names().matches(mailbox);
          };
      if (hit) {
        return true;
      }
    }
    return false;
  }

  /** What the names select in a store: whole accounts and single mailboxes (imsbackup). */
  public record Resolved(Set<String> users, Set<String> mailboxes) {}

  public Resolved resolve(ProjectionReader r) {
    TreeSet<String> users = new TreeSet<>();
    TreeSet<String> mailboxes = new TreeSet<>();
    // every account: the users the store knows and the owners of mailboxes
    TreeSet<String> accounts = new TreeSet<>();
    java.util.Map<String, String> partitionOf = new java.util.HashMap<>();
    r.forEachUser(
        "",
        u -> {
          accounts.add(u.userId());
          partitionOf.put(u.userId(), u.partition());
          return true;
        });
    List<MailboxRecord> unowned = new ArrayList<>();
    r.forEachMailbox(
        "",
        m -> {
          Optional<String> o = m.owner();
          if (o.isPresent()) {
            if (accounts.add(o.get())) {
              partitionOf.put(o.get(), m.partition());
            }
          } else {
            unowned.add(m);
          }
          return true;
        });
    for (int i = 0; i < names.size(); i++) {
      Name n = names.get(i);
      int before = users.size() + mailboxes.size();
      switch (n) {
        case Everything e -> {
          users.addAll(accounts);
          unowned.forEach(m -> mailboxes.add(m.name()));
        }
        case Partition p -> {
          accounts.stream()
              .filter(u -> p.partition().equals(partitionOf.get(u)))
              .forEach(users::add);
          unowned.stream()
              .filter(m -> m.partition().equals(p.partition()))
              .forEach(m -> mailboxes.add(m.name()));
        }
        case Group g ->
            accounts.stream()
                .filter(u -> g.partition().equals(partitionOf.get(u)) && g.users().matches(u))
                .forEach(users::add);
        case Account a ->
            accounts.stream()
                .filter(u -> a.partition() == null || a.partition().equals(partitionOf.get(u)))
                .filter(a.users()::matches)
                .forEach(users::add);
        case Mailboxes m -> {
          String prefix = m.names().literalPrefix();
          r.forEachMailbox(
              prefix,
              box -> {
                if (m.names().matches(box.name())
                    && (m.partition() == null || m.partition().equals(box.partition()))) {
                  mailboxes.add(box.name());
                }
                return true;
              });
        }
      }
      if (users.size() + mailboxes.size() == before && !(n instanceof Everything)) {
        boolean already = n instanceof Account || n instanceof Mailboxes;
        if (!already || nothingMatches(n, accounts, r)) {
          throw new VerbFailure(ExitCodes.NO_USER, "no user or mailbox matches " + given.get(i));
        }
      }
    }
    mailboxes.removeIf(m -> MailboxNames.ownerOf(m).map(users::contains).orElse(false));
    return new Resolved(users, mailboxes);
  }

  /** For a name whose matches were all taken already by an earlier name: whether it has any. */
  private static boolean nothingMatches(Name n, Set<String> accounts, ProjectionReader r) {
    return switch (n) {
      case Account a -> accounts.stream().noneMatch(a.users()::matches);
      case Mailboxes m -> {
        boolean[] any = {false};
        r.forEachMailbox(
            m.names().literalPrefix(),
            box -> {
              any[0] |= m.names().matches(box.name());
              return !any[0];
            });
        yield !any[0];
      }
      default -> true;
    };
  }
}
