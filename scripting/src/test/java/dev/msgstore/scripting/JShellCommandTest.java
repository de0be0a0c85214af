package dev.msgstore.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code msgstore jshell}: JShell in this JVM with store and both verb forms, driven by a pipe. */
class JShellCommandTest {
  @TempDir Path dir;

  @Test
  void jshellSeesTheStoreAndBothVerbForms() {
    Path store = dir.resolve("store");
    Store.open(store).close();
    Launcher r =
        Launcher.runWithInput(
            """
            mboxutil("-c", "user/joe/INBOX")
            mboxutil.typed("create", Map.of(), List.of("user/joe/Sent"))
            var names = store.mailboxes("user/joe/*").stream().map(m -> m.name()).toList()
            var used = store.quota("joe").usedMessages()
            /exit
            """,
            "jshell",
            "--store",
            store.toString());
    assertEquals(0, r.exit(), r.err() + r.out());
    assertTrue(r.out().contains("names ==> [user/joe/INBOX, user/joe/Sent]"), r.out());
    assertTrue(r.out().contains("used ==> 0"), r.out());
    String journal = Launcher.run("journal", "--store", store.toString()).out();
    assertTrue(journal.contains("\"msgstore jshell: mboxutil -c user/joe/INBOX\""), journal);
  }
}
