package dev.msgstore.services.imap.message;

import java.io.InputStream;

/**
 * The exact bytes of a section: its size, known before a byte is sent (the literal's length), and a
 * way to stream them. The IMAP side applies {@code <partial>} by skipping and limiting.
 */
public record SectionBytes(long size, IoSupplier<InputStream> open) {}
