package dev.msgstore.services.imap.command;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * APPEND's message literal: in heap when small, otherwise in a spool file the reader wrote it to as
 * it arrived (the session removes the file after the command), so that a message is never whole in
 * heap.
 */
public sealed interface MessageLiteral {
  long size();

  InputStream open() throws IOException;

  record Inline(byte[] bytes) implements MessageLiteral {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open() {
      return new ByteArrayInputStream(bytes);
    }
  }

  record Spooled(Path file, long size) implements MessageLiteral {
    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }
  }
}
