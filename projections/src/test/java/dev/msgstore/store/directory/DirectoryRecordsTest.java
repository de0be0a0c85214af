package dev.msgstore.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.Rejected;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectoryRecordsTest {
  private static DirectoryUser joe(String domain, String mail, List<String> aliases) {
    return new DirectoryUser(
        "joe", domain, mail, aliases, UserStatus.ACTIVE, 0, QuotaLimits.NONE, "", "", "");
  }

  @Test
  void hostedDomainUsersAreUidAtDomain() {
    assertEquals("joe@example.com", joe("Example.COM", "", List.of()).name());
    assertEquals("joe", joe("", "", List.of()).name());
  }

  @Test
  void addressesCompareTheirDomainWithoutCase() {
    DirectoryUser u = joe("", "Joe@Example.COM", List.of("j.doe@EXAMPLE.com"));
    assertEquals("Joe@example.com", u.mail());
    assertEquals(List.of("Joe@example.com", "j.doe@example.com"), u.addresses());
    assertTrue(u.hasAddress("j.doe@example.COM"));
    assertFalse(u.hasAddress("J.DOE@example.com"), "the local part keeps its case");
  }

  @Test
  void badValuesAreRefused() {
    assertThrows(Rejected.class, () -> joe("", "no-at-sign", List.of()));
    assertThrows(Rejected.class, () -> joe("bad domain", "", List.of()));
    assertThrows(Rejected.class, () -> joe("", "a@b.c", List.of("a@B.C")));
    assertThrows(
        Rejected.class,
        () ->
            new DirectoryUser(
                "jo@e", "", "", List.of(), UserStatus.ACTIVE, 0, QuotaLimits.NONE, "", "", ""));
    assertThrows(Rejected.class, () -> new QuotaLimits(-2, 0));
    Rejected r = assertThrows(Rejected.class, () -> UserStatus.parse("asleep"));
    assertEquals(
        "unknown user status 'asleep' (expected active, inactive, hold, deleted, removed)",
        r.getMessage());
    assertEquals(DomainStatus.OVERQUOTA, DomainStatus.parse("OverQuota"));
    assertThrows(Rejected.class, () -> UserStatus.parse("overquota"));
  }

  @Test
  void toStringNeverShowsThePasswordHash() {
    DirectoryUser u = joe("", "", List.of()).withPasswordHash("pbkdf2-sha256$1$c2FsdA$a2V5");
    assertFalse(u.toString().contains("a2V5"), u.toString());
    assertTrue(u.toString().contains("password=set"), u.toString());
  }

  @Test
  void onlyActiveAcceptsMail() {
    for (UserStatus s : UserStatus.values()) {
      assertEquals(s == UserStatus.ACTIVE, s.acceptsMail());
    }
    assertFalse(DomainStatus.OVERQUOTA.acceptsMail());
  }

  @Test
  void patterns() {
    assertTrue(DirectoryPatterns.matches("*", "joe@example.com"));
    assertTrue(DirectoryPatterns.matches("%", "joe"));
    assertFalse(DirectoryPatterns.matches("%", "joe@example.com"));
    assertTrue(DirectoryPatterns.matches("*@EXAMPLE.com", "joe@example.com"));
    assertTrue(DirectoryPatterns.matches("j%@example.com", "joe@example.com"));
    assertFalse(DirectoryPatterns.matches("j%", "joe@example.com"));
    assertFalse(DirectoryPatterns.matches("J*", "joe"));
  }

  @Test
  void passwordHashesVerifyAndAreSalted() {
    PasswordHashing h = new PasswordHashing(1000);
    String a = h.hash("s3cret".toCharArray());
    String b = h.hash("s3cret".toCharArray());
    assertFalse(a.equals(b), "a new salt each time");
    assertTrue(a.startsWith("pbkdf2-sha256$1000$"), a);
    assertFalse(a.contains("s3cret"));
    assertTrue(h.verify("s3cret".toCharArray(), a));
    assertFalse(h.verify("s3creT".toCharArray(), a));
    assertFalse(h.verify("".toCharArray(), a));
    assertFalse(h.verify("s3cret".toCharArray(), ""));
    assertFalse(h.verify("s3cret".toCharArray(), "pbkdf2-sha256$x$y$z"));
    assertTrue(PasswordHashing.isEncoded(a));
    assertFalse(PasswordHashing.isEncoded("s3cret"));
    assertThrows(Rejected.class, () -> h.hash(new char[0]));
    assertEquals(600_000, PasswordHashing.DEFAULT_ITERATIONS);
  }
}
