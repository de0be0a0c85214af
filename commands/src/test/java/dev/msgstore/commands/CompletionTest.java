package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.msgstore.journal.codec.EventRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion script {@code generate-completion} prints, run by bash as a shell runs it on TAB:
 * option values complete too, not only verbs and option names.
 */
class CompletionTest {
  @TempDir Path dir;
  Path script;
  String function;

  @BeforeEach
  void generate() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "no /bin/bash: completion not run");
    Path store = dir.resolve("store");
    Files.createDirectories(store.resolve("config"));
    Files.writeString(
        store.resolve("config/msg.conf"), "store.partition.second.path = \"partition/second\"\n");
    Cli r = Cli.run(Map.of("MSGSTORE_HOME", store.toString()), "generate-completion");
    assertEquals(0, r.exit(), r.err());
    script = dir.resolve("msgstore-completion.bash");
    Files.writeString(script, r.out());
    Matcher m = Pattern.compile("complete -F (\\S+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    function = m.group(1);
  }

  /** What TAB offers after {@code words} (the last one being completed). */
  List<String> complete(String... words) throws IOException, InterruptedException {
    StringBuilder array = new StringBuilder();
    for (String w : words) {
      array.append(" '").append(w).append("'");
    }
    String program =
        // compopt works only while bash itself completes: a no-op here
        "compopt() { :; }; source '"
            + script
            + "'; COMP_WORDS=("
            + array
            + "); COMP_CWORD="
            + (words.length - 1)
            + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; "
            + function
            + "; printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process p = new ProcessBuilder("/bin/bash", "-c", program).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList();
  }

  @Test
  void formatCompletesItsValues() throws Exception {
    assertEquals(List.of("json", "text"), complete("msgstore", "hashdir", "--format", ""));
    assertEquals(List.of("json"), complete("msgstore", "mboxutil", "--format", "j"));
  }

  @Test
  void journalTypeCompletesAreasAndEventNames() throws Exception {
    List<String> message = complete("msgstore", "journal", "--type", "message");
    assertTrue(message.contains("message"), message.toString());
    assertTrue(message.contains("message.appended"), message.toString());
    assertTrue(message.stream().allMatch(t -> t.startsWith("message")), message.toString());
    List<String> all = complete("msgstore", "journal", "--type", "");
    assertTrue(all.contains("acl"), all.toString());
    EventRegistry.types().forEach(t -> assertTrue(all.contains(t.name()), t.name()));
  }

  @Test
  void configutilOptionCompletesCatalogNames() throws Exception {
    List<String> names = complete("msgstore", "configutil", "-o", "store.clean");
    assertTrue(names.contains("store.cleanupage"), names.toString());
    assertTrue(names.stream().allMatch(n -> n.startsWith("store.clean")), names.toString());
  }

  @Test
  void partitionsCompleteTheConfiguredNames() throws Exception {
    assertEquals(List.of("primary", "second"), complete("msgstore", "imcheck", "-p", ""));
    assertEquals(List.of("second"), complete("msgstore", "reconstruct", "-p", "s"));
  }
}
