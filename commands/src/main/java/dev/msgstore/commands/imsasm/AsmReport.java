package dev.msgstore.commands.imsasm;

import java.util.List;

/**
 * What {@code imsasm} did: the mode ({@code save}, {@code recover}, {@code compare}), each record
 * met, and the counts ({@code -b}: the estimate).
 *
 * @param complete whether a recovered or compared stream was read to its end
 */
public record AsmReport(
    String mode,
    List<Entry> records,
    long headerBytes,
    long dataBytes,
    boolean complete,
    long differing) {
  public AsmReport {
    records = List.copyOf(records);
  }

  /**
   * One save record: its name, kind, the mailbox or account it went to (recover), and what became
   * of it: {@code saved}, {@code would save}, {@code recovered}, {@code skipped}, {@code checked},
   * {@code same} or {@code differs: why}.
   */
  public record Entry(String name, String kind, String target, String outcome, long bytes) {}
}
