package dev.msgstore.services.imap.command;

/** A FETCH data item (RFC 3501 section 6.4.5); the macros ALL, FAST and FULL are expanded. */
public sealed interface FetchItem {
  record Flags() implements FetchItem {}

  record Uid() implements FetchItem {}

  record InternalDate() implements FetchItem {}

  record Rfc822Size() implements FetchItem {}

  record Envelope() implements FetchItem {}

  /** MODSEQ (RFC 7162 section 3.1.4). */
  record ModSeq() implements FetchItem {}

  /** BODY (no section) or BODYSTRUCTURE ({@code extended}). */
  record Structure(boolean extended) implements FetchItem {}

  /**
   * BODY[section]&lt;partial&gt;, BODY.PEEK[...], and RFC822 ({@code name} "RFC822"),
   * RFC822.HEADER, RFC822.TEXT, which answer under their own name. {@code length} -1: no partial.
   */
  record Section(
      String name,
      dev.msgstore.services.imap.message.Section spec,
      boolean peek,
      long start,
      long length,
      String label)
      implements FetchItem {}

  /**
   * BINARY[part]&lt;partial&gt; and BINARY.PEEK (RFC 3516): the part's content with its transfer
   * encoding undone. {@code length} -1: no partial.
   */
  record Binary(java.util.List<Integer> part, boolean peek, long start, long length, String label)
      implements FetchItem {
    public Binary {
      part = java.util.List.copyOf(part);
    }
  }

  /** BINARY.SIZE[part] (RFC 3516): the size BINARY[part] would have. */
  record BinarySize(java.util.List<Integer> part, String label) implements FetchItem {
    public BinarySize {
      part = java.util.List.copyOf(part);
    }
  }
}
