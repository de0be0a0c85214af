package dev.msgstore.store.restore;

import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.store.Rejected;
import java.util.Optional;

/**
 * Where restored mailboxes go: their own names, or ({@code --into FOLDER}) a folder tree beside
 * them, as {@code imsrestore -d} puts it: {@code user/joe/Projects} to {@code
 * user/joe/FOLDER/Projects}, a shared {@code news} to {@code FOLDER/news}.
 */
record Into(String folder) {
  static final Into ORIGINAL = new Into(null);

  static Into of(String folder) {
    if (folder == null) {
      return ORIGINAL;
    }
    if (MailboxNames.problem("user/x/" + folder).isPresent() || folder.isBlank()) {
      throw Rejected.invalid("--into " + folder + ": not a folder name");
    }
    return new Into(folder);
  }

  /** The name the mailbox {@code name} had at the instant is restored to. */
  String map(String name) {
    if (folder == null) {
      return name;
    }
    Optional<String> owner = MailboxNames.ownerOf(name);
    if (owner.isEmpty()) {
      return folder + "/" + name;
    }
    String prefix = MailboxNames.USER_PREFIX + owner.get() + "/";
    return prefix + folder + "/" + name.substring(prefix.length());
  }

  /** The name at the instant that {@code target} is the restore of, or null if none is. */
  String unmap(String target) {
    if (folder == null) {
      return target;
    }
    Optional<String> owner = MailboxNames.ownerOf(target);
    if (owner.isPresent()) {
      String prefix = MailboxNames.USER_PREFIX + owner.get() + "/";
      String inside = prefix + folder + "/";
      return target.startsWith(inside) ? prefix + target.substring(inside.length()) : null;
    }
    return target.startsWith(folder + "/") ? target.substring(folder.length() + 1) : null;
  }

  /** A prefix of the targets of names starting with {@code prefix} ("" when it cannot tell). */
  String mapPrefix(String prefix) {
    if (folder == null) {
      return prefix;
    }
    Optional<String> owner = MailboxNames.ownerOf(prefix);
    String userPrefix = owner.map(o -> MailboxNames.USER_PREFIX + o + "/").orElse(null);
    if (userPrefix != null && prefix.startsWith(userPrefix)) {
      return map(prefix);
    }
    return prefix.startsWith(MailboxNames.USER_PREFIX.substring(0, Math.min(prefix.length(), 5)))
        ? ""
        : map(prefix);
  }
}
