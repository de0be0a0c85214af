package dev.msgstore.commands.rehostuser;

import dev.msgstore.journal.body.Digest;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.AclEntry;
import dev.msgstore.projections.model.ExpungedMessage;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.projections.model.MessageRecord;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.store.backup.BackupInput;
import dev.msgstore.store.backup.BackupRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one user's account holds, folder by folder, in a form both ends of a move compute alike: the
 * source from its projections, the destination from the backup of what it restored. Each folder's
 * digest covers every message's UID, body digest, flags, keywords and expunged mark in UID order,
 * so equal manifests mean the same messages with the same state arrived.
 */
record Manifest(Map<String, Folder> folders, List<String> subscriptions) {

  /** A folder: its UIDVALIDITY, its messages, their bytes, the digest over them, its ACL. */
  record Folder(
      String name, long uidValidity, long messages, long bytes, String digest, String acl) {}

  /**
   * The account of {@code user} as {@code view} holds it ({@code expunged}: with rehostuser -x).
   */
  static Manifest of(ProjectionReader view, String user, boolean expunged) {
    Map<String, Folder> folders = new TreeMap<>();
    for (MailboxRecord m : view.mailboxes("user/" + user + "/")) {
      Summer sum = new Summer();
      List<MessageRecord> gone =
          expunged
              ? view.expunged(m.id()).stream().map(ExpungedMessage::message).toList()
              : List.of();
      int[] next = {0};
      view.forEachMessage(
          m.id(),
          0,
          msg -> {
            while (next[0] < gone.size() && gone.get(next[0]).uid() < msg.uid()) {
              sum.add(gone.get(next[0]++), true);
            }
            sum.add(msg, false);
            return true;
          });
      while (next[0] < gone.size()) {
        sum.add(gone.get(next[0]++), true);
      }
      List<String> acl = new ArrayList<>();
      for (AclEntry e : view.acl(m.id())) {
        acl.add(e.identifier() + "=" + e.rights());
      }
      folders.put(m.name(), sum.folder(m.name(), m.uidValidity(), acl));
    }
    List<String> subscriptions =
        view.subscriptions(user).stream().map(Subscription::mailbox).sorted().toList();
    return new Manifest(folders, subscriptions);
  }

  /** The account of {@code user} in a backup stream (the destination's imsbackup of it). */
  static Manifest of(BackupInput in, String user) throws IOException {
    Map<String, Folder> folders = new TreeMap<>();
    List<String> subscriptions = List.of();
    BackupRecord.Mailbox box = null;
    Summer sum = null;
    for (BackupRecord r = in.next(); r != null; r = in.next()) {
      switch (r) {
        case BackupRecord.Mailbox m -> {
          box = m;
          sum = new Summer();
        }
        case BackupRecord.Message m ->
            sum.add(m.uid(), m.digest(), m.size(), m.flags(), m.keywords(), m.expunged());
        case BackupRecord.MailboxEnd e -> {
          List<String> acl = new ArrayList<>();
          for (BackupRecord.Acl a : box.acl()) {
            acl.add(a.identifier() + "=" + a.rights());
          }
          folders.put(box.name(), sum.folder(box.name(), box.uidValidity(), acl));
        }
        case BackupRecord.User u when u.userId().equals(user) ->
            subscriptions = u.subscriptions().stream().sorted().toList();
        default -> {
          // the header, other users' records (none: one user is asked for), the trailer
        }
      }
    }
    return new Manifest(folders, subscriptions);
  }

  /**
   * What differs between this (the source's) and {@code there}, one line per folder; empty: none.
   */
  List<String> differences(Manifest there) {
    List<String> out = new ArrayList<>();
    Set<String> names = new TreeSet<>(folders.keySet());
    names.addAll(there.folders.keySet());
    for (String name : names) {
      Folder here = folders.get(name);
      Folder got = there.folders.get(name);
      if (got == null) {
        out.add(name + ": missing on the destination");
      } else if (here == null) {
        out.add(name + ": on the destination only");
      } else if (here.messages() != got.messages() || here.bytes() != got.bytes()) {
        out.add(
            name
                + ": "
                + here.messages()
                + " messages ("
                + here.bytes()
                + " bytes) here, "
                + got.messages()
                + " ("
                + got.bytes()
                + " bytes) there");
      } else if (here.uidValidity() != got.uidValidity() || !here.digest().equals(got.digest())) {
        out.add(name + ": the messages differ (UIDs, bodies or flags)");
      } else if (!here.acl().equals(got.acl())) {
        out.add(name + ": the ACL differs (" + here.acl() + " here, " + got.acl() + " there)");
      }
    }
    if (!subscriptions.equals(there.subscriptions)) {
      out.add(
          "subscriptions differ: " + subscriptions + " here, " + there.subscriptions + " there");
    }
    return out;
  }

  long messages() {
    return folders.values().stream().mapToLong(Folder::messages).sum();
  }

  /** SHA-256 over a folder's messages in UID order. */
  private static final class Summer {
    private final MessageDigest sha = Digest.newSha256();
    private long messages;
    private long bytes;

    void add(MessageRecord m, boolean expunged) {
      add(m.uid(), m.digest(), m.size(), m.flags(), m.keywords(), expunged);
    }

    void add(
        long uid,
        Digest digest,
        long size,
        Set<SystemFlag> flags,
        Collection<String> keywords,
        boolean expunged) {
      messages++;
      bytes += size;
      String line =
          uid
              + " "
              + digest.hex()
              + " "
              + new TreeSet<>(flags.stream().map(Enum::name).toList())
              + " "
              + new TreeSet<>(keywords)
              + (expunged ? " expunged" : "")
              + "\n";
      sha.update(line.getBytes(StandardCharsets.UTF_8));
    }

    Folder folder(String name, long uidValidity, List<String> acl) {
      return new Folder(
          name,
          uidValidity,
          messages,
          bytes,
          HexFormat.of().formatHex(sha.digest()),
          String.join(" ", new TreeSet<>(acl)));
    }
  }
}
