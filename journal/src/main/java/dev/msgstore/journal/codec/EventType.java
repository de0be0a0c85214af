package dev.msgstore.journal.codec;

import dev.msgstore.journal.event.Event;
import java.util.function.BiConsumer;

/**
 * One event type as it is persisted. {@code tag} and {@code name} are frozen forever; {@code
 * version} is the format written today, and {@code reader} must still read every version ever
 * shipped.
 */
public record EventType<E extends Event>(
    int tag,
    String name,
    int version,
    Class<E> type,
    BiConsumer<E, EventOutput> writer,
    VersionedReader<E> reader) {

  @FunctionalInterface
  public interface VersionedReader<E> {
    E read(int version, EventInput in);
  }

  void write(Event event, EventOutput out) {
    writer.accept(type.cast(event), out);
  }
}
