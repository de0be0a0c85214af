package dev.msgstore.store.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateDomainEntry;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryRulesTest {
  @TempDir Path root;

  /** A directory whose server is down: every question fails, as an unreachable LDAP's would. */
  static final class Unreachable implements Directory {
    private static DirectoryUnavailable down() {
      return new DirectoryUnavailable("ldap://ldap.example:389 does not answer", null);
    }

    @Override
    public Optional<DirectoryUser> user(String name) {
      throw down();
    }

    @Override
    public Optional<DirectoryUser> userByAddress(String address) {
      throw down();
    }

    @Override
    public Optional<DirectoryDomain> domain(String name) {
      throw down();
    }

    @Override
    public List<DirectoryUser> users(String pattern) {
      throw down();
    }

    @Override
    public List<DirectoryDomain> domains(String pattern) {
      throw down();
    }

    @Override
    public boolean authenticate(String name, char[] password) {
      throw down();
    }

    @Override
    public boolean writable() {
      return false;
    }

    @Override
    public String describe() {
      return "ldap://ldap.example:389";
    }
  }

  @Test
  void aDirectoryThatCannotBeAskedRefusesMailForNowNotForGood() {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read();
        DeliveryRules rules = new DeliveryRules(Unreachable::new)) {
      assertEquals(
          new DeliveryRules.Refused(
              "joe",
              true,
              "the directory cannot be asked: ldap://ldap.example:389 does not answer"),
          rules.forUser(r, "joe"));
    }
  }

  @Test
  void aUserNoDirectoryKnowsIsTheStoresAsBefore() {
    try (Store s = Store.open(root);
        ProjectionReader r = s.read();
        DeliveryRules rules = DeliveryRules.of(s)) {
      assertEquals(new DeliveryRules.Accepted("joe", null), rules.forUser(r, "joe"));
      assertEquals(
          new DeliveryRules.Accepted("eve@example.org", null), rules.forUser(r, "eve@example.org"));
    }
  }

  /**
   * Rules reading their callers' readers ask the embedded directory in the caller's view, so its
   * lifetime is the caller's: entries made after the reader began are not seen through it, where
   * the rules of {@code of(store)} catch up and see them.
   */
  @Test
  void rulesReadingCallersAskTheDirectoryInTheCallersView() {
    Author admin = Author.of("admin", "DeliveryRulesTest");
    try (Store s = Store.open(root);
        DeliveryRules callers = DeliveryRules.readingCallers(s);
        DeliveryRules own = DeliveryRules.of(s)) {
      try (ProjectionReader before = s.read()) {
        s.execute(
            admin,
            new CreateDomainEntry(
                new DirectoryDomain("example.org", DomainStatus.ACTIVE, 0, QuotaLimits.NONE, "")));
        s.execute(
            admin,
            new CreateUserEntry(
                new DirectoryUser(
                    "kim",
                    "example.org",
                    "kim.lee@example.org",
                    List.of(),
                    UserStatus.ACTIVE,
                    0,
                    QuotaLimits.NONE,
                    "",
                    "",
                    ""),
                PasswordHash.NONE));
        assertEquals(Optional.empty(), callers.userOfAddress(before, "kim.lee@example.org"));
        assertFalse(callers.hosts(before, "example.org"));
        assertEquals(
            Optional.of("kim@example.org"), own.userOfAddress(before, "kim.lee@example.org"));
        assertTrue(own.hosts(before, "example.org"));
      }
      try (ProjectionReader after = s.read()) {
        assertEquals(
            Optional.of("kim@example.org"), callers.userOfAddress(after, "kim.lee@example.org"));
        assertTrue(callers.hosts(after, "example.org"));
      }
    }
  }
}
