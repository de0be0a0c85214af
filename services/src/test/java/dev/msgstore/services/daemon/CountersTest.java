package dev.msgstore.services.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The counter objects over the meters the servers register (LMTP's among them, before its component
 * is in this branch): which meters each object shows, under the names /metrics gives them, and a
 * reset that counterutil sees while the meter counts on.
 */
class CountersTest {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counters counters = new Counters(registry);

  @Test
  void anObjectIsItsPrefixAndItsProtocolsSessions() {
    Counter deliveries = Counter.builder("msgstore.lmtp.deliveries").register(registry);
    deliveries.increment(5);
    AtomicInteger lmtpSessions = new AtomicInteger(3);
    Gauge.builder("msgstore.sessions", lmtpSessions, AtomicInteger::get)
        .tag("protocol", "lmtp")
        .register(registry);
    Gauge.builder("msgstore.sessions", () -> 7).tag("protocol", "imap").register(registry);
    Counter.builder("msgstore.journal.commits").register(registry).increment();

    assertEquals(
        List.of(
            "ok",
            "msgstore_lmtp_deliveries_total\t5\tcounter",
            "msgstore_sessions{protocol=\"lmtp\"}\t3\tgauge"),
        counters.answer(List.of("counters", "lmtpstat"), Set.of()));
    assertEquals(
        List.of("ok", "msgstore_sessions{protocol=\"imap\"}\t7\tgauge"),
        counters.answer(List.of("counters", "imapstat"), Set.of()));
    String scrape = registry.scrape();
    for (String name :
        List.of("msgstore_lmtp_deliveries_total 5", "msgstore_sessions{protocol=\"lmtp\"} 3")) {
      assertEquals(true, scrape.contains(name), "named as /metrics names it: " + name);
    }

    assertEquals(
        List.of("ok", "msgstore_lmtp_deliveries_total\t5"),
        counters.answer(List.of("reset", "lmtpstat", "msgstore_lmtp_deliveries_total"), Set.of()));
    deliveries.increment(2);
    assertEquals(
        "msgstore_lmtp_deliveries_total\t2\tcounter",
        counters.answer(List.of("counters", "lmtpstat"), Set.of()).get(1));
    assertEquals(true, registry.scrape().contains("msgstore_lmtp_deliveries_total 7"));

    assertThrows(
        IllegalArgumentException.class,
        () ->
            counters.answer(
                List.of("reset", "lmtpstat", "msgstore_sessions{protocol=\"lmtp\"}"), Set.of()));
    assertEquals(
        List.of(
            "ok",
            "imapstat\timap\t" + (Components.names().contains("imap") ? "stopped" : "absent"),
            "popstat\tpop\t" + (Components.names().contains("pop") ? "stopped" : "absent"),
            "lmtpstat\tlmtp\trunning",
            "storestat\tstore\trunning",
            "diskusage\tstore\trunning"),
        counters.answer(List.of("counters"), Set.of("store", "lmtp")));
  }
}
