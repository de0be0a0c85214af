package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * THREAD and UID THREAD (RFC 5256 sections 3 and 4): ORDEREDSUBJECT groups by base subject, and
 * REFERENCES threads by Message-ID, References and In-Reply-To (section 2.2's algorithm: link,
 * prune dummies, sort, merge the root set by subject, sort siblings), over the messages a SEARCH
 * would find. Sent dates order threads and siblings, ties by sequence number.
 */
final class ThreadHandler {
  private ThreadHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Thread c) throws IOException {
    if (!SortHandler.Charsets.supported(c.charset())) {
      return Reply.no("[BADCHARSET (US-ASCII UTF-8)] Unsupported charset " + c.charset());
    }
    List<SortMessage> found = SortMessage.matching(s, c.key());
    List<Node> threads;
    try {
      threads =
          switch (c.algorithm()) {
            case ORDEREDSUBJECT -> orderedSubject(found);
            case REFERENCES -> references(found);
          };
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    StringBuilder out = new StringBuilder("THREAD ");
    for (Node t : threads) {
      out.append('(');
      t.write(out, c.uid());
      out.append(')');
    }
    s.out().untagged(out.toString().stripTrailing());
    return Reply.ok("THREAD completed");
  }

  /** A container of section 2.2: a message, or a dummy (null) standing for one not here. */
  static final class Node {
    SortMessage message; // set once, when a dummy's message turns up
    Node parent;
    final List<Node> children = new ArrayList<>();

    Node(SortMessage message) {
      this.message = message;
    }

    boolean dummy() {
      return message == null;
    }

    /** The message that dates and names this node: its own, or a dummy's first child's. */
    SortMessage first() {
      Node n = this;
      while (n.message == null && !n.children.isEmpty()) {
        n = n.children.get(0);
      }
      return n.message;
    }

    void add(Node child) {
      child.parent = this;
      children.add(child);
    }

    void unlink() {
      if (parent != null) {
        parent.children.remove(this);
        parent = null;
      }
    }

    /** True when {@code other} is this node or one of its ancestors. */
    boolean hasAncestorOrSelf(Node other) {
      for (Node n = this; n != null; n = n.parent) {
        if (n == other) {
          return true;
        }
      }
      return false;
    }

    /** Section 4's thread-members: "a b", or "a (b)(c)" when several children, "(b)(c)" dummy. */
    void write(StringBuilder out, boolean uid) {
      if (message != null) {
        out.append(uid ? message.uid : message.seq);
        if (children.isEmpty()) {
          return;
        }
        out.append(' ');
      }
      if (children.size() == 1 && message != null) {
        children.get(0).write(out, uid);
        return;
      }
      for (Node c : children) {
        out.append('(');
        c.write(out, uid);
        out.append(')');
      }
    }
  }

  private static final Comparator<Node> BY_DATE =
      Comparator.<Node>comparingLong(n -> n.first().sent()).thenComparingInt(n -> n.first().seq);

  /** ORDEREDSUBJECT: by base subject, then sent date; each run of one subject is a thread. */
  static List<Node> orderedSubject(List<SortMessage> messages) {
    List<SortMessage> sorted = new ArrayList<>(messages);
    sorted.sort(
        Comparator.<SortMessage, String>comparing(m -> m.subject().key())
            .thenComparingLong(SortMessage::sent)
            .thenComparingInt(m -> m.seq));
    List<Node> threads = new ArrayList<>();
    Node current = null;
    String subject = null;
    for (SortMessage m : sorted) {
      String key = m.subject().key();
      if (current == null || !key.equals(subject)) {
        current = new Node(m);
        subject = key;
        threads.add(current);
      } else {
        current.add(new Node(m));
      }
    }
    threads.sort(BY_DATE);
    return threads;
  }

  /** REFERENCES: RFC 5256 section 2.2, steps 1 to 6. */
  static List<Node> references(List<SortMessage> messages) {
    Map<String, Node> byId = new HashMap<>();
    List<Node> all = new ArrayList<>();
    // (1) link each message to its references, and the references among themselves
    for (SortMessage m : messages) {
      Node self = null;
      Optional<String> id = firstId(m.messageId());
      if (id.isPresent()) {
        Node known = byId.get(id.get());
        if (known == null) {
          self = new Node(m);
          byId.put(id.get(), self);
          all.add(self);
        } else if (known.dummy()) {
          known.message = m; // the container references made before its message came
          self = known;
        }
      }
      if (self == null) {
        self = new Node(m); // no or a duplicate Message-ID: a message of its own
        all.add(self);
      }
      List<String> refs = references(m);
      Node previous = null;
      for (String ref : refs) {
        Node r = byId.get(ref);
        if (r == null) {
          r = new Node(null);
          byId.put(ref, r);
          all.add(r);
        }
        if (previous != null && r.parent == null && !previous.hasAncestorOrSelf(r)) {
          previous.add(r);
        }
        previous = r;
      }
      self.unlink(); // (B) a parent from a truncated References elsewhere gives way to this one
      if (previous != null && !previous.hasAncestorOrSelf(self)) {
        previous.add(self);
      }
    }
    // (2) the root set
    List<Node> roots = new ArrayList<>();
    for (Node n : all) {
      if (n.parent == null) {
        roots.add(n);
      }
    }
    // (3) prune dummies
    roots = prune(roots, true);
    // (4) sort the root set (a dummy by its first child, once its children are sorted)
    sortAll(roots);
    // (5) gather the root set by base subject
    Map<String, Node> subjects = new LinkedHashMap<>();
    for (Node n : roots) {
      String key = subjectKey(n);
      if (key.isEmpty()) {
        continue;
      }
      Node old = subjects.get(key);
      if (old == null
          || (n.dummy() && !old.dummy())
          || (!old.dummy()
              && !n.dummy()
              && old.message.subject().replyOrForward()
              && !n.message.subject().replyOrForward())) {
        subjects.put(key, n);
      }
    }
    List<Node> merged = new ArrayList<>(roots);
    for (Node n : roots) {
      String key = subjectKey(n);
      if (key.isEmpty()) {
        continue;
      }
      Node table = subjects.get(key);
      if (table == null || table == n) {
        continue;
      }
      if (table.dummy() && n.dummy()) {
        for (Node c : new ArrayList<>(n.children)) {
          c.unlink();
          table.add(c);
        }
        merged.remove(n);
      } else if (table.dummy()) {
        table.add(n);
        merged.remove(n);
      } else if (!table.message.subject().replyOrForward()
          && n.message != null
          && n.message.subject().replyOrForward()) {
        table.add(n);
        merged.remove(n);
      } else {
        Node dummy = new Node(null);
        merged.set(merged.indexOf(table), dummy);
        merged.remove(n);
        dummy.add(table);
        dummy.add(n);
        subjects.put(key, dummy);
      }
    }
    // (6) sort every set of siblings
    sortAll(merged);
    return merged;
  }

  private static String subjectKey(Node n) {
    SortMessage m = n.first();
    return m == null ? "" : m.subject().key();
  }

  /** Step 3 over one level: dummies without children go, others give their children up. */
  private static List<Node> prune(List<Node> level, boolean root) {
    List<Node> out = new ArrayList<>();
    for (Node n : level) {
      List<Node> kids = prune(new ArrayList<>(n.children), false);
      n.children.clear();
      for (Node k : kids) {
        k.parent = n;
        n.children.add(k);
      }
      if (!n.dummy()) {
        out.add(n);
      } else if (n.children.isEmpty()) {
        continue; // (A)
      } else if (!root || n.children.size() == 1) {
        for (Node k : n.children) { // (B) promoted to this level
          k.parent = root ? null : n.parent;
          out.add(k);
        }
      } else {
        out.add(n); // a dummy root with several children stays
      }
    }
    return out;
  }

  private static void sortAll(List<Node> level) {
    for (Node n : level) {
      sortAll(n.children);
    }
    level.sort(BY_DATE);
  }

  /** The message-ids of References, or else In-Reply-To's first. */
  private static List<String> references(SortMessage m) {
    List<String> refs = ids(m.header("References").orElse(""));
    if (refs.isEmpty()) {
      firstId(m.header("In-Reply-To").orElse("")).ifPresent(refs::add);
    }
    return refs;
  }

  private static Optional<String> firstId(String value) {
    List<String> ids = ids(value);
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(0));
  }

  /** Every "<...>" of a field with an '@' or not, as written between the brackets. */
  private static List<String> ids(String value) {
    List<String> out = new ArrayList<>();
    int at = 0;
    while ((at = value.indexOf('<', at)) >= 0) {
      int end = value.indexOf('>', at);
      if (end < 0) {
        break;
      }
      String id = value.substring(at + 1, end).strip();
      if (!id.isEmpty() && id.indexOf('<') < 0) {
        out.add(id);
      }
      at = end + 1;
    }
    return out;
  }
}
