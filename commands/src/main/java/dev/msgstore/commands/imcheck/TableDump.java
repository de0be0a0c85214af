package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.cli.KeptRows;
import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code -d db_name}: one projection table (or the reference's name for it, {@link
 * #REFERENCE_NAMES}), one entry a line, columns separated by {@code -S} (a space by default).
 * Tables a {@link ProjectionReader} can decode print decoded, in the table's key order; the others
 * ({@code meta}, the reverse indexes, ...) print as {@code hexkey=hexvalue}, exactly as {@code
 * Projections.dump} writes them.
 */
final class TableDump {
  /**
   * The reference's database files, by the table that plays their part here: folder.db is the
   * mailbox registry, lright.db the rights index by identifier (readership: "imcheck -d lright.db"
   * lists the rights on all shared folders), quota.db the quota roots.
   */
  static final Map<String, String> REFERENCE_NAMES =
      new TreeMap<>(
          Map.of(
              "folder.db", "mailbox.by-name",
              "lright.db", "acl.by-identifier",
              "quota.db", "quota"));

  private final Store store;
  private final String sep;

  TableDump(Store store, String sep) {
    this.store = store;
    this.sep = sep;
  }

  /** Prints the table's entries a line at a time and returns them, if {@code kept} keeps them. */
  List<TableEntry> dump(String name, Consumer<String> sink, KeptRows<TableEntry> kept)
      throws IOException {
    Set<String> tables = store.projections().tableStats().keySet();
    String table = REFERENCE_NAMES.getOrDefault(name, name);
    if (!tables.contains(table)) {
      throw VerbFailure.usage(
          "unknown table "
              + name
              + " (tables: "
              + String.join(", ", tables)
              + "; the reference's: "
              + String.join(", ", REFERENCE_NAMES.keySet())
              + ")");
    }
    Entries out = new Entries(table, sink, kept);
    try (ProjectionReader r = store.read()) {
      switch (table) {
        case "mailbox.by-name", "mailbox.by-id" -> r.forEachMailbox("", m -> out.line(mailbox(m)));
        case "message" ->
            r.forEachMailbox(
                "",
                m -> {
                  r.forEachMessage(
                      m.id(),
                      0,
                      msg ->
                          out.line(
                              m.id(),
                              msg.uid(),
                              msg.size(),
                              msg.headerSize(),
                              msg.internalDate(),
                              "[" + SystemFlag.letters(msg.flags()) + "]",
                              "[" + String.join(" ", msg.keywords()) + "]",
                              msg.digest().hex(),
                              msg.messageId()));
                  return true;
                });
        case "expunged" ->
            r.forEachExpunged(
                e ->
                    out.line(
                        e.message().mailboxId(),
                        e.message().uid(),
                        e.expungedMicros(),
                        e.message().size(),
                        e.message().digest().hex()));
        case "quota" ->
            r.forEachQuota(
                "",
                q ->
                    out.line(
                        q.root(),
                        q.usedBytes(),
                        q.usedMessages(),
                        q.limitBytes(),
                        q.limitMessages()));
        case "acl.by-mailbox" ->
            r.forEachMailbox(
                "",
                m -> {
                  r.acl(m.id()).forEach(a -> out.line(m.name(), a.identifier(), a.rights()));
                  return true;
                });
        case "acl.by-identifier" ->
            r.forEachAclByIdentifier(
                a ->
                    out.line(
                        a.identifier(),
                        r.mailbox(a.mailboxId()).map(MailboxRecord::name).orElse("-"),
                        a.rights()));
        case "config" -> r.configOverrides().forEach((k, v) -> out.line(k, v));
        case "user" ->
            r.forEachUser(
                "", u -> out.line(u.userId(), u.partition(), u.status(), u.createdMicros()));
        default -> hex(table, out);
      }
    }
    return out.entries.rows();
  }

  private static Object[] mailbox(MailboxRecord m) {
    return new Object[] {
      m.id(),
      m.name(),
      m.partition(),
      m.uidValidity(),
      m.uidNext(),
      m.messages(),
      m.bytes(),
      m.lastAppend()
    };
  }

  /** The entries of one table as they are printed, kept for the verb's result. */
  private final class Entries {
    final String table;
    final Consumer<String> sink;
    final KeptRows<TableEntry> entries;

    Entries(String table, Consumer<String> sink, KeptRows<TableEntry> entries) {
      this.table = table;
      this.sink = sink;
      this.entries = entries;
    }

    /** A decoded entry: its fields joined by the separator. */
    boolean line(Object... fields) {
      TableEntry e = new TableEntry(table, Arrays.asList(fields));
      entries.add(e);
      sink.accept(e.fields().stream().map(String::valueOf).collect(Collectors.joining(sep)));
      return true;
    }

    /** A hex entry: {@code key=value} as the dump writes it, or key and value joined by -S. */
    void hex(String key, String value) {
      entries.add(new TableEntry(table, List.of(key, value)));
      sink.accept(key + (sep.equals(" ") ? "=" : sep) + value);
    }
  }

  /** The table's section of the full hex dump, passed through a line at a time. */
  private void hex(String table, Entries out) throws IOException {
    String section = "[" + table + "]";
    StringBuilder pending = new StringBuilder();
    boolean[] inside = {false};
    store
        .projections()
        .dump(
            new Appendable() {
              @Override
              public Appendable append(CharSequence s) {
                for (int i = 0; i < s.length(); i++) {
                  append(s.charAt(i));
                }
                return this;
              }

              @Override
              public Appendable append(CharSequence s, int start, int end) {
                return append(s.subSequence(start, end));
              }

              @Override
              public Appendable append(char c) {
                if (c != '\n') {
                  pending.append(c);
                  return this;
                }
                String l = pending.toString();
                pending.setLength(0);
                if (l.startsWith("[") && l.endsWith("]")) {
                  inside[0] = l.equals(section);
                } else if (inside[0]) {
                  int eq = l.indexOf('=');
                  out.hex(l.substring(0, eq), l.substring(eq + 1));
                }
                return this;
              }
            });
  }
}
