package dev.msgstore.services.imap.message;

import dev.msgstore.journal.body.Digest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The structures of the bodies read lately, in heap, in front of the LMDB {@link StructureCache}: a
 * session FETCHes the same few dozen messages again and again (imaptest's stress asks for ENVELOPE,
 * BODYSTRUCTURE or header fields of up to 100 at a time), and each look in LMDB was a read
 * transaction and a decode of the whole tree. Beside the tree, what is made of it once and asked
 * for often: the ENVELOPE and BODY/BODYSTRUCTURE texts and the message's header bytes. Everything
 * here is a function of the body's bytes (the key is their digest), so nothing is ever stale; the
 * least recently used go first. Large trees and headers stay out: they are rare, and the bound is a
 * count.
 */
final class RecentStructures {
  /** About 4,096 messages a few KiB each: what several busy sessions keep fetching. */
  static final int ENTRIES = 4096;

  /** A tree of more parts than this is not kept here (LMDB still has it). */
  static final int MAX_PARTS = 64;

  /** A header longer than this is read from the body store each time. */
  static final int MAX_HEADER = 16 * 1024;

  /** What is kept of one body; the texts are made when first asked for (a race makes one twice). */
  static final class Held {
    final MimePart root;
    volatile String envelope;
    volatile String body;
    volatile String bodyStructure;
    volatile byte[] header; // the root header's bytes [0, header.length), when read once

    Held(MimePart root) {
      this.root = root;
    }
  }

  private final Map<Digest, Held> held =
      new LinkedHashMap<>(ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Digest, Held> eldest) {
          return size() > ENTRIES;
        }
      };

  synchronized Held get(Digest digest) {
    return held.get(digest);
  }

  /** Keeps {@code root} (when small enough) and returns what holds it, or null. */
  Held put(Digest digest, MimePart root) {
    if (root.count() > MAX_PARTS) {
      return null;
    }
    Held h = new Held(root);
    synchronized (this) {
      Held had = held.putIfAbsent(digest, h);
      return had != null ? had : h;
    }
  }
}
