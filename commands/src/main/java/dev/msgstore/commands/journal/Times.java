package dev.msgstore.commands.journal;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.CommitMeta;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** ISO-8601 times as administrators type them, to journal microseconds. */
public final class Times {
  private Times() {}

  /**
   * An instant ({@code 2026-11-28T10:00:00Z}), an offset time, a local date-time, or a date. A date
   * given as {@code --until} means the end of that day.
   */
  public static long parseMicros(String text, String option, boolean endOfDay) {
    try {
      return CommitMeta.micros(Instant.parse(text));
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return CommitMeta.micros(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      return CommitMeta.micros(
          LocalDateTime.parse(text).atZone(ZoneId.systemDefault()).toInstant());
    } catch (DateTimeParseException ignored) {
      // try the next form
    }
    try {
      LocalDate d = LocalDate.parse(text);
      LocalDate day = endOfDay ? d.plusDays(1) : d;
      long micros = CommitMeta.micros(day.atStartOfDay(ZoneId.systemDefault()).toInstant());
      return endOfDay ? micros - 1 : micros;
    } catch (DateTimeParseException e) {
      throw VerbFailure.usage(
          option + ": not an ISO-8601 time: '" + text + "' (e.g. 2026-11-28T10:00:00Z)");
    }
  }
}
