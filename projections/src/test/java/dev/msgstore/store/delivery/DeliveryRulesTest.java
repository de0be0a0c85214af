package dev.msgstore.store.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Store;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
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
}
