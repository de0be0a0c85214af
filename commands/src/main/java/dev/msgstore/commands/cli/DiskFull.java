package dev.msgstore.commands.cli;

import java.nio.file.FileSystemException;

/**
 * Recognises a write that failed because the file system is full, whichever way it surfaced: an
 * {@code IOException} of the JDK ({@code ENOSPC}: "No space left on device"), or the fault a write
 * through a memory-mapped file (Chronicle's journal) raises when the page it touches cannot be
 * backed ({@code InternalError: a fault occurred in an unsafe memory access operation}). Such a
 * failure is temporary (75): nothing was acknowledged, and the same write succeeds once space is
 * freed, so an MTA must retry rather than bounce.
 */
public final class DiskFull {
  private static final String ENOSPC = "No space left on device";
  private static final String MAPPED_FAULT = "unsafe memory access";

  private DiskFull() {}

  /** Whether {@code t}, or one of its causes, is the file system running out of space. */
  public static boolean is(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m == null) {
        continue;
      }
      if (c instanceof FileSystemException f && ENOSPC.equals(f.getReason())) {
        return true;
      }
      if (m.contains(ENOSPC) || (c instanceof InternalError && m.contains(MAPPED_FAULT))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** The one line a verb prints for it, without the verb's prefix. */
  public static String line(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof FileSystemException f && f.getFile() != null) {
        return "no space left on " + f.getFile() + "; try again once space is freed";
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return "no space left on the store's file system; try again once space is freed";
  }
}
