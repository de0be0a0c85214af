package dev.msgstore.commands.imcheck;

import dev.msgstore.commands.cli.VerbFailure;
import dev.msgstore.journal.event.SystemFlag;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.MailboxRecord;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code -d db_name}: one projection table, one entry a line, columns separated by {@code -S} (a
 * space by default). Tables a {@link ProjectionReader} can decode print decoded, in the table's key
 * order; the others ({@code meta}, the reverse indexes, ...) print as {@code hexkey=hexvalue},
 * exactly as {@code Projections.dump} writes them.
 */
final class TableDump {
  private final Store store;
  private final String sep;

  TableDump(Store store, String sep) {
    this.store = store;
    this.sep = sep;
  }

  void dump(String table, Consumer<String> out) throws IOException {
    Set<String> tables = store.projections().tableStats().keySet();
    if (!tables.contains(table)) {
      throw VerbFailure.usage(
          "unknown table " + table + " (tables: " + String.join(", ", tables) + ")");
    }
    try (ProjectionReader r = store.read()) {
      switch (table) {
        case "mailbox.by-name", "mailbox.by-id" -> r.forEachMailbox("", m -> line(out, mailbox(m)));
        case "message" ->
            r.forEachMailbox(
                "",
                m -> {
                  r.forEachMessage(
                      m.id(),
                      0,
                      msg ->
                          line(
                              out,
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
                    line(
                        out,
                        e.message().mailboxId(),
                        e.message().uid(),
                        e.expungedMicros(),
                        e.message().size(),
                        e.message().digest().hex()));
        case "quota" ->
            r.forEachQuota(
                "",
                q ->
                    line(
                        out,
                        q.root(),
                        q.usedBytes(),
                        q.usedMessages(),
                        q.limitBytes(),
                        q.limitMessages()));
        case "acl.by-mailbox" ->
            r.forEachMailbox(
                "",
                m -> {
                  r.acl(m.id()).forEach(a -> line(out, m.name(), a.identifier(), a.rights()));
                  return true;
                });
        case "config" -> r.configOverrides().forEach((k, v) -> line(out, k, v));
        case "user" ->
            r.forEachUser(
                "", u -> line(out, u.userId(), u.partition(), u.status(), u.createdMicros()));
        default -> hex(table, out);
      }
    }
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

  private boolean line(Consumer<String> out, Object... fields) {
    out.accept(Stream.of(fields).map(String::valueOf).collect(Collectors.joining(sep)));
    return true;
  }

  /** The table's section of the full hex dump, passed through a line at a time. */
  private void hex(String table, Consumer<String> out) throws IOException {
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
                  out.accept(sep.equals(" ") ? l : l.replace("=", sep));
                }
                return this;
              }
            });
  }
}
