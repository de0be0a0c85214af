package dev.msgstore.services.daemon;

import dev.msgstore.store.config.EffectiveConfig;

/**
 * A part of the daemon that {@code start-msg} and {@code stop-msg} name ({@code store}, {@code
 * http}, and the servers to come): started in the order {@link Components} lists them, closed in
 * the reverse order. A new one is a class implementing this and one line in {@link Components}.
 */
public interface Component extends AutoCloseable {
  /** The name {@code start-msg} and {@code stop-msg} take. */
  String name();

  /**
   * Starts serving. A component that cannot start throws a {@link ComponentFailure} whose message
   * is the one line the administrator reads ({@code http: port 80 needs root or another
   * service.http.port}); it has then released what it took.
   */
  void start(DaemonContext daemon);

  /** Whether it serves now, and what was checked; may do real work (a probe, a catch-up). */
  Health health();

  /**
   * Applies the configuration a {@code refresh} brought: {@code config} is the one in force now.
   * Only options the catalog marks refreshable need be taken up (the daemon reports the others as
   * needing a restart); an option read at each use needs nothing here. Runs on the daemon's journal
   * tail, so it returns quickly.
   */
  default void refresh(EffectiveConfig config) {}

  /**
   * The logger whose level {@code logfile.<name>.loglevel} sets: by default the component's
   * package.
   */
  default String logger() {
    return getClass().getPackageName();
  }

  /** Stops serving and releases what it holds; in-flight work finishes first. */
  @Override
  void close();
}
