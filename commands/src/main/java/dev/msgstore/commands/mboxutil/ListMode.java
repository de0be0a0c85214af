package dev.msgstore.commands.mboxutil;

import dev.msgstore.commands.cli.Json;
import dev.msgstore.commands.cli.KeptRows;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code -l}: lists the selected mailboxes (or with {@code -D} the deleted ones). */
final class ListMode {
  /**
   * The options {@code -l} takes besides the selection: {@code -B} (null: one space), {@code -s},
   * {@code -x}, {@code -z}, {@code -D} and {@code --format json}.
   */
  record Options(
      String bound,
      boolean namesOnly,
      boolean extra,
      boolean count,
      boolean deleted,
      boolean json) {}

  private final MailboxRows source;
  private final Options options;
  private final ZoneId zone;

  ListMode(MailboxRows source, Options options, ZoneId zone) {
    this.source = source;
    this.options = options;
    this.zone = zone;
  }

  /**
   * Prints a line at a time as the rows are read, and returns the rows printed (the verb's result),
   * kept in {@code rows} if its caller reads them.
   */
  List<MailboxRow> print(Consumer<String> sink, KeptRows<MailboxRow> rows) {
    ListFormat fmt = new ListFormat(options.bound() == null ? " " : options.bound(), zone);
    boolean json = options.json();
    if (!options.namesOnly() && !json) {
      sink.accept(fmt.header());
      sink.accept("");
    }
    forEachRow(
        r -> {
          rows.add(r);
          if (json) {
            sink.accept(ListFormat.json(r, options.namesOnly()));
          } else if (options.namesOnly()) {
            sink.accept(r.mailbox());
          } else {
            sink.accept(fmt.row(r));
            if (options.extra()) {
              fmt.extra(r).forEach(sink);
            }
          }
        });
    if (options.count()) {
      long n = rows.count();
      sink.accept(json ? Json.line(Json.object("count", n)) : ListFormat.COUNT_LABEL + n);
    }
    return rows.rows();
  }

  /** The zone of the date column: {@code TZ} (a leading ':' allowed), else the JVM's default. */
  static ZoneId zone(Map<String, String> env) {
    String tz = env.get("TZ");
    if (tz != null && !tz.isBlank()) {
      try {
        return ZoneId.of(tz.startsWith(":") ? tz.substring(1) : tz);
      } catch (DateTimeException e) {
        // an unknown TZ: the JVM's default, as date(1) would fall back to UTC
      }
    }
    return ZoneId.systemDefault();
  }

  private void forEachRow(Consumer<MailboxRow> sink) {
    if (options.deleted()) {
      source.deleted().forEach(sink);
    } else {
      source.forEachLive(sink);
    }
  }
}
