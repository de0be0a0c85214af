package dev.msgstore.commands.user;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.store.directory.Addresses;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** The options of {@code user create} and {@code user modify}: the entry's fields. */
public final class UserFields {
  @Option(names = "--mail", paramLabel = "ADDRESS", description = "The primary address.")
  String mail;

  @Option(
      names = "--alias",
      paramLabel = "ADDRESS",
      description = "Another address of theirs (create: their aliases; modify: one more).")
  List<String> alias = new ArrayList<>();

  @Option(
      names = "--remove-alias",
      paramLabel = "ADDRESS",
      description = "Modify: an address of theirs no more.")
  List<String> removeAlias = new ArrayList<>();

  @Option(
      names = "--status",
      paramLabel = "STATUS",
      description = "Active, inactive, hold, deleted or removed (create: active).")
  String status;

  @Option(
      names = "--quota",
      paramLabel = "SIZE",
      description = "Disk quota: bytes, or with K, M or G (5G); none for no limit.")
  String quota;

  @Option(
      names = "--msgquota",
      paramLabel = "COUNT",
      description = "Message quota: a number of messages; none for no limit.")
  String msgquota;

  @Option(names = "--mailhost", paramLabel = "HOST", description = "Their mailHost.")
  String mailHost;

  @Option(
      names = "--partition",
      paramLabel = "NAME",
      description = "The partition their mailboxes go to (mailMessageStore).")
  String partition;

  boolean any() {
    return mail != null
        || !alias.isEmpty()
        || !removeAlias.isEmpty()
        || status != null
        || quota != null
        || msgquota != null
        || mailHost != null
        || partition != null;
  }

  /**
   * A new user named {@code name} ({@code uid} or {@code uid@domain}). A hosted user's address is
   * {@code uid@domain} unless given; a default-domain user has none unless given.
   */
  DirectoryUser newUser(String name) {
    if (!removeAlias.isEmpty()) {
      throw VerbFailure.usage("--remove-alias is for modify");
    }
    int at = name.lastIndexOf('@');
    return new DirectoryUser(
        at < 0 ? name : name.substring(0, at),
        at < 0 ? "" : name.substring(at + 1),
        mail != null ? mail : at < 0 ? "" : name,
        alias,
        status == null ? UserStatus.ACTIVE : UserStatus.parse(status),
        0,
        limits(QuotaLimits.NONE),
        mailHost == null ? "" : mailHost,
        partition == null ? "" : partition,
        "");
  }

  /** The change these options make to a user, checked now and applied when the store decides. */
  UnaryOperator<DirectoryUser> edit() {
    UserStatus newStatus = status == null ? null : UserStatus.parse(status);
    limits(QuotaLimits.NONE); // a malformed size is a usage error before anything is asked
    List<String> removing = removeAlias.stream().map(Addresses::normalize).toList();
    List<String> adding = alias.stream().map(Addresses::normalize).toList();
    return u -> {
      List<String> aliases = new ArrayList<>(u.aliases());
      aliases.removeAll(removing);
      adding.stream().filter(a -> !aliases.contains(a)).forEach(aliases::add);
      return new DirectoryUser(
          u.uid(),
          u.domain(),
          mail == null ? u.mail() : mail,
          aliases,
          newStatus == null ? u.status() : newStatus,
          u.statusChangedMicros(),
          limits(u.quota()),
          mailHost == null ? u.mailHost() : mailHost,
          partition == null ? u.partition() : partition,
          u.passwordHash());
    };
  }

  private QuotaLimits limits(QuotaLimits q) {
    QuotaLimits out = q;
    if (quota != null) {
      out = out.withBytes(Sizes.bytes("--quota", quota));
    }
    if (msgquota != null) {
      out = out.withMessages(Sizes.count("--msgquota", msgquota));
    }
    return out;
  }
}
