package dev.msgstore.projections.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModifiedUtf7Test {
  @Test
  void encodesAsRfc3501Says() {
    assertEquals("Entw&APw-rfe", ModifiedUtf7.encode("Entwürfe"));
    assertEquals("~peter/mail/&U,BTFw-/&ZeVnLIqe-", ModifiedUtf7.encode("~peter/mail/台北/日本語"));
    assertEquals("Tom &- Jerry", ModifiedUtf7.encode("Tom & Jerry"));
    assertEquals("plain", ModifiedUtf7.encode("plain"));
    assertEquals("&2D3eAA-", ModifiedUtf7.encode("\uD83D\uDE00")); // a surrogate pair
  }

  @Test
  void decodesWhatItEncodes() {
    for (String s :
        new String[] {"Entwürfe", "~peter/mail/台北/日本語", "a&b", "Ünïcødé €", "\uD83D\uDE00x"}) {
      assertEquals(s, ModifiedUtf7.decode(ModifiedUtf7.encode(s)));
    }
  }

  @Test
  void refusesWhatIsNotModifiedUtf7() {
    assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("Entwürfe"));
    assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("a&APw"));
    assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("a&A/w-"));
    assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&AGE-")); // "a"
    assertThrows(IllegalArgumentException.class, () -> ModifiedUtf7.decode("&APx-")); // stray bits
  }
}
