package dev.msgstore.commands.imquotacheck;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One user of the imquotacheck report: limits (-1: none), usage, when they went over quota and when
 * they were last warned (microseconds, 0: never), and with {@code -u} their folders.
 */
public record QuotaRow(
    String user,
    long limitBytes,
    long usedBytes,
    long limitMessages,
    long usedMessages,
    long overSinceMicros,
    long warnedMicros,
    List<Folder> folders) {

  /** One folder's usage. */
  public record Folder(String name, long bytes, long messages) {}

  static final String HEADER =
      "Name                 Quota(K) Usage(K)  %   Quota#  Usage#  %  OverDate WarnDate\n"
          + "-------------------- -------- -------- --- ------- ------- --- -------- --------";
  static final String TRAILER = "-".repeat(80);
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yy");

  /** The highest share of a limit used, in percent; -1 when the user has no limit. */
  public int percent() {
    int p = -1;
    if (limitBytes > 0) {
      p = (int) Math.min(Integer.MAX_VALUE, usedBytes * 100 / limitBytes);
    }
    if (limitMessages > 0) {
      p = Math.max(p, (int) Math.min(Integer.MAX_VALUE, usedMessages * 100 / limitMessages));
    }
    return p;
  }

  String line(ZoneId zone) {
    return String.format(
        "%-20s %8s %8s %3s %7s %7s %3s %8s %8s",
        user,
        limitBytes < 0 ? "-" : Long.toString(limitBytes / 1024),
        kilobytes(usedBytes),
        pct(usedBytes, limitBytes),
        limitMessages < 0 ? "-" : Long.toString(limitMessages),
        usedMessages,
        pct(usedMessages, limitMessages),
        date(overSinceMicros, zone),
        date(warnedMicros, zone));
  }

  String folderLine(Folder f) {
    return String.format(
        "  %-18s %8s %8s %3s %7s %7d", f.name(), "", kilobytes(f.bytes()), "", "", f.messages());
  }

  /** Kilobytes, or bytes with a B below 1 KB, as the reference prints them. */
  static String kilobytes(long bytes) {
    return bytes < 1024 ? bytes + "B" : Long.toString(bytes / 1024);
  }

  private static String pct(long used, long limit) {
    return limit <= 0 ? "-" : Long.toString(used * 100 / limit);
  }

  private static String date(long micros, ZoneId zone) {
    return micros <= 0 ? "-" : DATE.format(Instant.ofEpochSecond(micros / 1_000_000).atZone(zone));
  }
}
