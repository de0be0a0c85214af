package dev.msgstore.store.expire;

/** What a rule does to a message it selects (the reference's "Expire Actions"). */
public sealed interface ExpireAction {
  /** The word a rule file and a report use for it. */
  String word();

  /** Expunged: restorable with {@code mboxutil -R} until purged. The default action. */
  record Discard() implements ExpireAction {
    @Override
    public String word() {
      return "discard";
    }
  }

  /**
   * Moved into {@code folder}, created when missing: a name relative to the mailbox's owner ({@code
   * Archive/2025} is {@code user/joe/Archive/2025}) or a full {@code user/...} name.
   */
  record FileInto(String folder) implements ExpireAction {
    @Override
    public String word() {
      return "fileinto";
    }

    /** The full name of the target for a message of {@code owner} (null: not a user's). */
    public String target(String owner) {
      if (folder.startsWith("user/") || owner == null) {
        return folder;
      }
      return "user/" + owner + "/" + folder;
    }
  }

  /** Only reported on stdout (mailbox, uid, uidvalidity); nothing changes. */
  record Report() implements ExpireAction {
    @Override
    public String word() {
      return "report";
    }
  }

  /**
   * The AxsOne archive of the reference, deprecated there since 8.0.2 and not built here: a rule
   * naming it is reported as deprecated and its messages are left alone.
   */
  record Archive() implements ExpireAction {
    @Override
    public String word() {
      return "archive";
    }
  }
}
