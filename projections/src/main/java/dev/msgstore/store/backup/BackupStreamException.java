package dev.msgstore.store.backup;

import java.io.IOException;

/**
 * A backup stream that cannot be read on: truncated, damaged (a frame whose checksum fails), not a
 * backup at all, or of a newer format. {@code frame} is the number of the frame that failed (1 is
 * the header's), 0 before any frame.
 */
public final class BackupStreamException extends IOException {
  private static final long serialVersionUID = 1L;
  private final long frame;

  public BackupStreamException(long frame, String message) {
    super(frame > 0 ? "backup stream, frame " + frame + ": " + message : message);
    this.frame = frame;
  }

  public BackupStreamException(long frame, String message, Throwable cause) {
    this(frame, message);
    initCause(cause);
  }

  public long frame() {
    return frame;
  }
}
