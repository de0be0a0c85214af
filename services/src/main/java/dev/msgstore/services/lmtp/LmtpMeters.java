package dev.msgstore.services.lmtp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The LMTP component's meters, all named {@code msgstore_lmtp_*} in the Prometheus text (which
 * {@code counterutil}'s {@code lmtpstat} shows) plus {@code msgstore_sessions{protocol="lmtp"}}:
 * copies delivered, transactions, connections, sessions open, refusals by reason, bytes received.
 * No per-user labels. Counters survive a restart of the component (the registry keeps them); the
 * session gauges are the running component's and leave with it.
 */
final class LmtpMeters {
  private final MeterRegistry registry;
  private final Counter deliveries;
  private final Counter transactions;
  private final Counter connections;
  private final Counter bytes;
  private final AtomicInteger sessions = new AtomicInteger();
  private final List<Meter> gauges;
  private final Map<String, Counter> rejects = new ConcurrentHashMap<>();

  LmtpMeters(MeterRegistry registry) {
    this.registry = registry;
    deliveries =
        Counter.builder("msgstore.lmtp.deliveries")
            .description("Copies delivered over LMTP (one per recipient), each durable")
            .register(registry);
    transactions =
        Counter.builder("msgstore.lmtp.transactions")
            .description("LMTP transactions that reached the end of their data")
            .register(registry);
    connections =
        Counter.builder("msgstore.lmtp.connections")
            .description("LMTP connections accepted")
            .register(registry);
    bytes =
        Counter.builder("msgstore.lmtp.received")
            .baseUnit("bytes")
            .description("Message bytes received over LMTP")
            .register(registry);
    gauges =
        List.of(
            Gauge.builder("msgstore.lmtp.sessions", sessions, AtomicInteger::get)
                .description("LMTP sessions open")
                .register(registry),
            Gauge.builder("msgstore.sessions", sessions, AtomicInteger::get)
                .tag("protocol", "lmtp")
                .description("Sessions open, by protocol")
                .register(registry));
  }

  void delivered() {
    deliveries.increment();
  }

  void received(long n) {
    transactions.increment();
    bytes.increment(n);
  }

  void reject(String reason) {
    rejects
        .computeIfAbsent(
            reason,
            r ->
                Counter.builder("msgstore.lmtp.rejects")
                    .tag("reason", r)
                    .description("LMTP replies refusing a command or a recipient, by reason")
                    .register(registry))
        .increment();
  }

  void opened() {
    connections.increment();
    sessions.incrementAndGet();
  }

  void closed() {
    sessions.decrementAndGet();
  }

  /** Removes the gauges, which read this component's count. */
  void unbind() {
    gauges.forEach(registry::remove);
  }
}
