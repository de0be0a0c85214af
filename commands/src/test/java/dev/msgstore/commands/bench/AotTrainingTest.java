package dev.msgstore.commands.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The launcher's AOT recording run does each verb's real work, not a string of usage errors. */
class AotTrainingTest {
  @Test
  void everyVerbOfTheTrainingSucceeds() throws Exception {
    assertEquals(List.of(), AotTraining.run());
  }
}
