package dev.msgstore.store.delivery;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxNames;
import dev.msgstore.projections.model.MailboxPattern;
import dev.msgstore.projections.model.ModifiedUtf7;
import dev.msgstore.projections.model.QuotaRecord;
import dev.msgstore.store.delivery.Refusal.Reason;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a recipient is and which mailbox their copy goes to, for {@code deliver} (user ids, a folder)
 * and LMTP (addresses) alike, under the {@link DeliveryRules}.
 *
 * <p>An address ({@link #forAddress}) is looked up in the directory ({@code userByAddress}: primary
 * addresses, aliases, hosted domains' {@code uid@domain}); failing that with its {@code +detail}
 * taken off (Dovecot's {@code recipient_delimiter}); failing that, as the id of an account the
 * store holds (the whole address, then its local part when its domain is not a hosted one). An
 * address that resolves to nobody is an unknown user: LMTP creates no account. With {@code
 * detailToFolder} (Dovecot's {@code lmtp_save_to_detail_mailbox}), {@code joe+lists@example.com}
 * goes to joe's folder {@code lists} when it exists, else to INBOX.
 */
public final class Recipients {
  /** The separator of an address's detail (RFC 5233 subaddress). */
  public static final char DETAIL = '+';

  private static final String ACTIVE = "active";

  private final DeliveryRules rules;

  public Recipients(DeliveryRules rules) {
    this.rules = rules;
  }

  /**
   * Where a copy for user id {@code user} goes: INBOX, or with {@code folder} (modified UTF-7) the
   * user's folder when it exists or {@code create} is set, else INBOX (as the reference says). A
   * user the store does not know yet gets their INBOX made by the first delivery.
   */
  public Resolution forUser(ProjectionReader r, String user, String folder, boolean create) {
    return forUser(r, user, folder, create, null);
  }

  /** As above, with the directory's entry for {@code user} when it was just looked up, or null. */
  private Resolution forUser(
      ProjectionReader r, String user, String folder, boolean create, DirectoryUser entry) {
    Optional<String> bad = userProblem(user);
    if (bad.isPresent()) {
      return new Refusal(user, "", Reason.UNKNOWN_USER, bad.get());
    }
    DeliveryRules.Verdict verdict = rules.forUser(r, user, entry);
    if (verdict instanceof DeliveryRules.Refused no) {
      return new Refusal(
          user, "", no.temporary() ? Reason.TEMPORARY : Reason.DISABLED, no.reason());
    }
    String partition = ((DeliveryRules.Accepted) verdict).partition();
    String inbox = MailboxNames.inboxOf(user);
    if (folder == null) {
      return new Target(user, inbox, true, false, partition);
    }
    String name = MailboxNames.canonical(MailboxNames.USER_PREFIX + user + "/" + folder);
    if (name.equals(inbox)) {
      return new Target(user, inbox, true, false, partition);
    }
    Optional<String> nameProblem = MailboxNames.problem(name);
    if (nameProblem.isPresent()) {
      return new Refusal(user, name, Reason.INVALID, nameProblem.get());
    }
    if (r.mailbox(name).isPresent()) {
      return new Target(user, name, false, !create, partition);
    }
    if (create) {
      return new Target(user, name, true, false, partition);
    }
    return new Target(user, inbox, true, false, partition); // as the reference says
  }

  /**
   * Where a copy for {@code address} (as an LMTP client names it, without angle brackets) goes; see
   * the class comment for the look-ups.
   */
  public Resolution forAddress(ProjectionReader r, String address, boolean detailToFolder) {
    int at = address.lastIndexOf('@');
    String local = at < 0 ? address : address.substring(0, at);
    String domain = at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    int plus = local.indexOf(DETAIL);
    String base = plus > 0 ? local.substring(0, plus) : local;
    String detail = plus > 0 ? local.substring(plus + 1) : "";
    String withoutDetail = domain.isEmpty() ? base : base + "@" + domain;
    Optional<String> user;
    Optional<DirectoryUser> entry; // the directory's, when the user was found there
    try {
      entry = rules.userByAddress(r, address);
      if (entry.isEmpty() && plus > 0) {
        entry = rules.userByAddress(r, withoutDetail);
      } else if (entry.isPresent()) {
        detail = ""; // the whole address is theirs: no detail in it
      }
      user = entry.map(DirectoryUser::name);
      if (user.isEmpty()) {
        user = account(r, address).or(() -> account(r, withoutDetail));
        if (user.isEmpty() && !domain.isEmpty() && !rules.hosts(r, domain)) {
          user = account(r, base);
        }
      }
    } catch (DirectoryUnavailable e) {
      return new Refusal(
          address, "", Reason.TEMPORARY, "the directory cannot be asked: " + e.getMessage());
    }
    if (user.isEmpty()) {
      return new Refusal(address, "", Reason.UNKNOWN_USER, "no such user");
    }
    if (user.get().equals(address)) {
      detail = "";
    }
    DirectoryUser known = entry.orElse(null);
    if (!detailToFolder || detail.isEmpty()) {
      return forUser(r, user.get(), null, false, known);
    }
    String folder = ModifiedUtf7.encode(detail);
    String name = MailboxNames.canonical(MailboxNames.USER_PREFIX + user.get() + "/" + folder);
    boolean exists = MailboxNames.problem(name).isEmpty() && r.mailbox(name).isPresent();
    // A folder that does not exist is not made: the copy goes to INBOX, as Dovecot's does.
    return forUser(r, user.get(), exists ? folder : null, false, known);
  }

  /**
   * As {@link #forAddress(ProjectionReader, String, boolean)}, and refused as over quota when one
   * more message of {@code size} bytes (0 when the client did not say) would take the copy's owner
   * over a limit: the append's own quota rule (AppendMessage), asked before the message is sent, so
   * that LMTP answers 452 4.2.2 at RCPT. The append still checks it, for what others delivered
   * meanwhile.
   */
  public Resolution forAddress(
      ProjectionReader r, String address, boolean detailToFolder, long size) {
    Resolution resolved = forAddress(r, address, detailToFolder);
    if (resolved instanceof Target t) {
      Optional<String> owner = MailboxNames.ownerOf(t.mailbox());
      if (owner.isPresent()) {
        QuotaRecord q = r.quota(owner.get());
        if (q.wouldExceed(size)) {
          return new Refusal(
              t.user(),
              t.mailbox(),
              Reason.OVER_QUOTA,
              "over quota: "
                  + owner.get()
                  + " uses "
                  + q.usedBytes()
                  + " of "
                  + q.limitBytes()
                  + " bytes and "
                  + q.usedMessages()
                  + " of "
                  + q.limitMessages()
                  + " messages");
        }
      }
    }
    return resolved;
  }

  /** {@code id} when the store holds an account or an INBOX by that user id. */
  private static Optional<String> account(ProjectionReader r, String id) {
    if (userProblem(id).isPresent()) {
      return Optional.empty();
    }
    boolean known = r.user(id).isPresent() || r.mailbox(MailboxNames.inboxOf(id)).isPresent();
    return known ? Optional.of(id) : Optional.empty();
  }

  /**
   * The existing users matching the patterns: active users of the store, and owners of a {@code
   * user/<uid>/INBOX} the store has no account for (a renamed account). Users whose status is not
   * active (inactive, hold, removed, deleted) are left out.
   */
  public static List<String> matching(ProjectionReader r, List<String> patterns) {
    Set<String> users = new LinkedHashSet<>();
    for (String p : patterns) {
      MailboxPattern pattern = new MailboxPattern(p);
      String prefix = pattern.literalPrefix();
      TreeSet<String> matched = new TreeSet<>();
      r.forEachUser(
          prefix,
          u -> {
            if (u.status().equals(ACTIVE) && pattern.matches(u.userId())) {
              matched.add(u.userId());
            }
            return true;
          });
      List<String> owners = new ArrayList<>();
      r.forEachMailbox(
          MailboxNames.USER_PREFIX + prefix,
          m -> {
            String name = m.name();
            if (name.endsWith("/INBOX")) {
              String owner =
                  name.substring(
                      MailboxNames.USER_PREFIX.length(), name.length() - "/INBOX".length());
              if (!owner.contains("/") && pattern.matches(owner)) {
                owners.add(owner);
              }
            }
            return true;
          });
      for (String owner : owners) {
        if (r.user(owner).map(u -> u.status().equals(ACTIVE)).orElse(true)) {
          matched.add(owner);
        }
      }
      users.addAll(matched);
    }
    return new ArrayList<>(users);
  }

  /** Why {@code user} cannot be a user id, or empty when it can (the store's own rule). */
  public static Optional<String> userProblem(String user) {
    if (user.isEmpty()) {
      return Optional.of("an empty user id");
    }
    boolean bad =
        user.contains("/") || MailboxNames.problem(MailboxNames.inboxOf(user)).isPresent();
    if (!bad) {
      return Optional.empty();
    }
    String hint =
        user.contains("*") || user.contains("%") ? " (-p expands a pattern to existing users)" : "";
    return Optional.of("not a valid user id: '" + printable(user) + "'" + hint);
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }
}
