package dev.msgstore.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ActorTest {
  @Test
  void underSudoThePersonIsKeptBesideTheEffectiveUser() {
    Actor a = Actor.of("root", Map.of("SUDO_USER", "alice", "USER", "root"));
    assertEquals(new Actor("alice", "root"), a);
    assertEquals("alice (sudo as root)", a.name());
    assertEquals(a, Actor.parse(a.name()));
    assertTrue(a.isNamed("alice"));
    assertTrue(a.isNamed("root"));
    assertTrue(a.isNamed("alice (sudo as root)"));
    assertFalse(a.isNamed("bob"));
  }

  @Test
  void withoutSudoTheActorIsTheUser() {
    assertEquals("joe", Actor.of("joe", Map.of()).name());
    assertEquals("root", Actor.of("root", Map.of("SUDO_USER", "root")).name());
    assertEquals(new Actor("forms.groovy", null), Actor.parse("forms.groovy"));
    assertFalse(Actor.parse("joe").isNamed("root"));
  }

  @Test
  void aSudoUserThatWouldMakeTheNameAmbiguousIsNotTaken() {
    assertEquals("root", Actor.of("root", Map.of("SUDO_USER", "al (sudo as bob)")).name());
    assertEquals("root", Actor.of("root", Map.of("SUDO_USER", "")).name());
    assertEquals(new Actor("a b (c)", null), Actor.parse("a b (c)"));
  }
}
