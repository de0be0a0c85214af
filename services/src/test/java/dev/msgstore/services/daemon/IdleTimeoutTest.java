package dev.msgstore.services.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autologout timers' values: the catalog's defaults (RFC 3501's 30, RFC 1939's 10 minutes). */
class IdleTimeoutTest {
  private static int millis(Map<String, String> set, String option) {
    return IdleTimeout.millis(
        new EffectiveConfig(OptionCatalog.standard(), set),
        "imap",
        option,
        99,
        IdleTimeout.MINUTE_MILLIS);
  }

  @Test
  void defaultsAreTheRfcsMinimums() {
    assertEquals(30 * 60_000, millis(Map.of(), "service.imap.idletimeout"));
    assertEquals(10 * 60_000, millis(Map.of(), "service.pop.idletimeout"));
  }

  @Test
  void setValuesZeroAndTheLargest() {
    String o = "service.imap.idletimeout";
    assertEquals(45 * 60_000, millis(Map.of(o, " 45 "), o));
    assertEquals(0, millis(Map.of(o, "0"), o)); // never: a socket timeout of 0
    assertEquals(Integer.MAX_VALUE, millis(Map.of(o, "100000000"), o));
  }

  @Test
  void aValueThatIsNoNumberStopsTheComponent() {
    String o = "service.imap.idletimeout";
    ComponentFailure e = assertThrows(ComponentFailure.class, () -> millis(Map.of(o, "ten"), o));
    assertEquals(
        "imap: service.imap.idletimeout is a number of minutes (0: never)", e.getMessage());
    assertThrows(ComponentFailure.class, () -> millis(Map.of(o, "-1"), o));
  }
}
