package dev.msgstore.commands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreshJvmTest {
  @Test
  void theShellsTimesAreReadAsTheChildrensCpu() throws Exception {
    assertEquals(
        1.5, FreshJvm.childrenCpuSeconds(List.of("0m0.002s 0m0.000s", "0m1.250s 0m0.250s")), 1e-9);
    assertEquals(
        61.5, FreshJvm.childrenCpuSeconds(List.of("0m0,002s 0m0,000s", "1m1,000s 0m0,500s")), 1e-9);
    assertThrows(IOException.class, () -> FreshJvm.childrenCpuSeconds(List.of("0m0.002s")));
  }

  @Test
  void aRunReportsTheCpuOfTheJvmItStarted() throws Exception {
    FreshJvm.Run r = FreshJvm.runOk(null, "--version");
    assertTrue(r.output().startsWith("msgstore "), r.output());
    // A JVM cannot start and exit on no CPU at all; the shell's own share is not counted.
    assertTrue(r.cpuSeconds() > 0.01 && r.cpuSeconds() < 60, "cpu " + r.cpuSeconds());
  }
}
