package dev.msgstore.journal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The shared flag sets: one unmodifiable instance per combination, equal to what fromBits makes.
 */
class SystemFlagTest {
  @Test
  void everyCombinationIsSharedUnmodifiableAndInOrder() {
    for (int bits = 0; bits < 1 << 10; bits++) {
      Set<SystemFlag> s = SystemFlag.setOf(bits);
      assertEquals(SystemFlag.fromBits(bits), s);
      assertEquals(bits, SystemFlag.toBits(s));
      assertSame(s, SystemFlag.setOf(bits));
      assertSame(
          s, SystemFlag.immutable(Set.copyOf(s)), "a set of any kind maps to the shared one");
      EnumSet<SystemFlag> ordered = EnumSet.noneOf(SystemFlag.class);
      ordered.addAll(s);
      assertEquals(List.copyOf(ordered), List.copyOf(s), "declaration order");
    }
    assertSame(
        SystemFlag.setOf(0b110), SystemFlag.immutable(Set.of(SystemFlag.SEEN, SystemFlag.DELETED)));
    assertSame(
        SystemFlag.setOf(0b10), SystemFlag.setOf(0b10 | 1 << 12), "unknown bits are ignored");
    assertThrows(
        UnsupportedOperationException.class, () -> SystemFlag.setOf(3).add(SystemFlag.DRAFT));
  }
}
