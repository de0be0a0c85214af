package dev.msgstore.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MsgstoreCommandTest {
  @Test
  void helpListsEveryVerb() {
    Cli r = Cli.run("--help");
    assertEquals(0, r.exit());
    for (String verb : new String[] {"demo", "journal", "bench", "generate-completion"}) {
      assertTrue(r.out().contains("  " + verb + " "), verb + " missing from:\n" + r.out());
    }
  }

  @Test
  void noVerbOrAnUnknownOneIsAUsageError() {
    Cli none = Cli.run();
    assertEquals(64, none.exit());
    assertTrue(none.err().startsWith("msgstore: a verb is required"), none.err());
    Cli unknown = Cli.run("frobnicate");
    assertEquals(64, unknown.exit());
    assertEquals(
        "msgstore: unknown verb 'frobnicate'; 'msgstore help' lists the verbs\n", unknown.err());
  }

  @Test
  void anUnknownOptionNamesItselfAndWhereHelpIs() {
    Cli r = Cli.run("journal", "--frob");
    assertEquals(64, r.exit());
    assertEquals("journal: Unknown option: '--frob'; try 'msgstore journal --help'\n", r.err());
  }

  @Test
  void completionScriptIsGenerated() {
    Cli r = Cli.run("generate-completion");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("complete -F"), r.out());
    assertTrue(r.out().contains("journal"));
  }
}
