package dev.msgstore.services.imap.message;

import java.io.IOException;

/** A supplier that may fail with an {@link IOException}: opens a section's bytes when asked. */
@FunctionalInterface
public interface IoSupplier<T> {
  T get() throws IOException;
}
