package dev.msgstore.scripting.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryLocationTest {
  @TempDir Path home;

  @Test
  void theVariableWinsOverTheHomeDirectory() {
    Path file = home.resolve("elsewhere/history");
    assertEquals(
        file, HistoryLocation.of(Map.of(HistoryLocation.VARIABLE, file.toString()), home).file());
  }

  @Test
  void byDefaultUnderDotMsgstoreInTheHomeDirectoryWhichIsCreated() throws Exception {
    HistoryLocation location = HistoryLocation.of(Map.of(HistoryLocation.VARIABLE, ""), home);
    assertEquals(home.resolve(".msgstore/shell_history"), location.file());
    location.prepare();
    assertTrue(Files.isDirectory(home.resolve(".msgstore")));
  }
}
