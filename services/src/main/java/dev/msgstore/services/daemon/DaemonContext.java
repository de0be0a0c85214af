package dev.msgstore.services.daemon;

import dev.msgstore.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;

/** What the daemon offers its components. */
public interface DaemonContext {
  /** The store root. */
  Path root();

  /** The store, opened by the {@code store} component, which always starts first. */
  Store store();

  /** Where components register their meters ({@code /metrics} serves it). */
  MeterRegistry registry();

  /** The health of every running component, in start order. */
  Map<String, Health> health();
}
