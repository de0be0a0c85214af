package dev.msgstore.scripting.verbs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.scripting.ScriptHost;
import dev.msgstore.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script's verb told to read a file that is not what it expects never quotes the file. */
class FileContentsScriptTest {
  @TempDir Path dir;
  ScriptHost host;
  Path shadow;

  @BeforeEach
  void store() throws IOException {
    Store.open(dir.resolve("store")).close();
    shadow = Files.writeString(dir.resolve("shadow"), "root:$6$SECRETHASH:19000:0:99999:7:::\n");
    host =
        new ScriptHost(
            new ScriptHost.HostSettings(
                dir.resolve("store"),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true),
                Map.of(),
                "files.groovy",
                "msgstore run files.groovy (by tester)",
                null));
  }

  @AfterEach
  void close() {
    host.close();
  }

  @Test
  void bothFormsNameTheFileAndLineOnly() {
    String f = shadow.toString().replace("\\", "\\\\");
    for (String form :
        List.of(
            "imcheck('-f', '" + f + "')",
            "imcheck(file: '" + f + "')",
            "mboxutil('-d', '-f', '" + f + "')",
            "configutil('-i', '" + f + "')")) {
      VerbException v =
          assertThrows(VerbException.class, () -> host.evaluate(form, "files.groovy"), form);
      assertTrue(v.getMessage().contains(shadow.toString()), form + ": " + v.getMessage());
      assertFalse(v.getMessage().contains("SECRETHASH"), form + ": " + v.getMessage());
      assertFalse(v.getMessage().contains("root:"), form + ": " + v.getMessage());
    }
    VerbException v =
        assertThrows(
            VerbException.class, () -> host.evaluate("imcheck(file: '" + f + "')", "files.groovy"));
    assertEquals(66, v.exitCode());
    assertTrue(v.getMessage().startsWith("imcheck: " + shadow + ", line 1: no such mailbox"));
  }
}
