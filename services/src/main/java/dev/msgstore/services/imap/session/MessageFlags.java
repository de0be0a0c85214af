package dev.msgstore.services.imap.session;

import dev.msgstore.journal.event.SystemFlag;
import java.util.List;
import java.util.Set;

/** A message's flags as a session knows them: system flags and keywords. */
public record MessageFlags(Set<SystemFlag> flags, List<String> keywords) {
  private static final SystemFlag[] SYSTEM = SystemFlag.values();

  public MessageFlags {
    flags = SystemFlag.immutable(flags); // shared, unmodifiable: no hash set per message
    keywords = List.copyOf(keywords);
  }

  public boolean has(SystemFlag f) {
    return flags.contains(f);
  }

  /**
   * The IMAP flag list: system flags (never the stored \Recent, which is per session: {@code
   * recent} says whether this session has it), then keywords.
   */
  public String imap(boolean recent) {
    StringBuilder b = new StringBuilder("(");
    for (SystemFlag f : SYSTEM) {
      if (f != SystemFlag.RECENT && flags.contains(f)) {
        b.append(b.length() > 1 ? " " : "").append(f.imapName());
      }
    }
    if (recent) {
      b.append(b.length() > 1 ? " " : "").append("\\Recent");
    }
    for (String k : keywords) {
      b.append(b.length() > 1 ? " " : "").append(k);
    }
    return b.append(')').toString();
  }
}
