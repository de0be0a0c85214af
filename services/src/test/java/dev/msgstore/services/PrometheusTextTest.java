package dev.msgstore.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The format checker the metrics test relies on refuses what the format does not allow. */
class PrometheusTextTest {
  @Test
  void readsAWellFormedExposition() {
    Map<String, Double> s =
        PrometheusText.parse(
            """
            # HELP a_total Things.
            # TYPE a_total counter
            a_total 3.0
            # TYPE t_seconds summary
            t_seconds_count 2
            t_seconds_sum 1.5e-3
            g{partition="p\\"1",x="y"} NaN 1700000000000
            """);
    assertEquals(3.0, s.get("a_total"));
    assertEquals(2.0, s.get("t_seconds_count"));
    assertEquals(4, s.size());
  }

  @Test
  void refusesWhatTheFormatDoesNotAllow() {
    for (String bad :
        new String[] {
          "a 1",
          "1a 1\n",
          "a{b=\"c\"} x\n",
          "a{b=c} 1\n",
          "a{b=\"\\x\"} 1\n",
          "# TYPE a counter\n# TYPE a counter\n",
          "a 1\n# TYPE a counter\n",
          "a 1\nb 1\na{x=\"1\"} 2\n",
          "# TYPE a kind\n",
          "a 1\na 2\n"
        }) {
      assertThrows(AssertionError.class, () -> PrometheusText.parse(bad), bad);
    }
  }
}
