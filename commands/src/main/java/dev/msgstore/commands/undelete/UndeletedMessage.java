package dev.msgstore.commands.undelete;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One deleted message undelete found: where it was ({@code folder} within the account, {@code
 * folderDeleted} when that folder is gone), its UID there, internal date and expunge time (ISO-8601
 * UTC), size, summary and Message-ID, and what became of it: {@code status} is {@code restored},
 * {@code not restorable} (its body was purged) or {@code listed} (restoring was not asked for, or
 * it was restored or forgotten meanwhile); {@code restoredTo} and {@code uid} say where it is now.
 */
public record UndeletedMessage(
    String folder,
    boolean folderDeleted,
    long deletedUid,
    String date,
    String expunged,
    long size,
    String from,
    String to,
    String subject,
    String messageId,
    String status,
    String restoredTo,
    long uid) {

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /**
   * The printed line: {@code <folder> <uid> <date> <size> from="..." subject="...": <status>}; a
   * deleted folder is marked {@code (deleted)}.
   */
  String line() {
    String where = folder + (folderDeleted ? " (deleted)" : "");
    String what =
        switch (status) {
          case "restored" -> "restored to " + restoredTo + " as UID " + uid;
          default -> status;
        };
    return where
        + " "
        + deletedUid
        + " "
        + date
        + " "
        + size
        + " from=\""
        + from
        + "\" subject=\""
        + subject
        + "\": "
        + what;
  }
}
