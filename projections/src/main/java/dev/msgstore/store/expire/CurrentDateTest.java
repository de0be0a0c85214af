package dev.msgstore.store.expire;

/**
 * The {@code currentdate} test of RFC 5260 section 5: {@link DateTest} over the time of the expire
 * run rather than a header, so that every message of one run sees the same "now".
 */
public class CurrentDateTest extends DateTest {
  public CurrentDateTest() {
    super(true);
  }
}
