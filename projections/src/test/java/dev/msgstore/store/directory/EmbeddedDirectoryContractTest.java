package dev.msgstore.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.msgstore.journal.Author;
import dev.msgstore.journal.event.PasswordHash;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.CreateDomainEntry;
import dev.msgstore.store.command.CreateUserEntry;
import dev.msgstore.store.command.ModifyUserEntry;
import dev.msgstore.store.command.SetConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory contract on the embedded directory, loaded by the store's own commands. */
class EmbeddedDirectoryContractTest extends DirectoryContract {
  private static final Author ADMIN = Author.of("admin", "EmbeddedDirectoryContractTest");
  private static final PasswordHashing HASHING = new PasswordHashing(1000);

  @TempDir Path root;
  private Store store;

  @Override
  protected Directory directoryWith(Fixture fixture) {
    store = Store.open(root);
    store.execute(ADMIN, new SetConfig("store.partition.two.path", "partition/two"));
    for (DirectoryDomain d : fixture.domains()) {
      store.execute(ADMIN, new CreateDomainEntry(d));
    }
    for (FixtureUser u : fixture.users()) {
      PasswordHash hash =
          u.password().isEmpty()
              ? PasswordHash.NONE
              : new PasswordHash(HASHING.hash(u.password().toCharArray()));
      store.execute(ADMIN, new CreateUserEntry(u.user(), hash));
    }
    return new EmbeddedDirectory(store, HASHING);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anAddressOfAnotherUserIsRefusedAndNothingIsWritten() {
    long before = store.journal().lastIndex();
    DirectoryUser sue =
        new DirectoryUser(
            "sue",
            "",
            "sue@example.com",
            List.of("J.Doe@EXAMPLE.COM".replace("J.Doe", "j.doe")),
            UserStatus.ACTIVE,
            0,
            QuotaLimits.NONE,
            "",
            "",
            "");
    Rejected r =
        assertThrows(
            Rejected.class,
            () -> store.execute(ADMIN, new CreateUserEntry(sue, PasswordHash.NONE)));
    assertEquals("the address j.doe@example.com is already joe's", r.getMessage());
    Rejected m =
        assertThrows(
            Rejected.class,
            () ->
                store.execute(
                    ADMIN,
                    new ModifyUserEntry(
                        "ann",
                        u ->
                            new DirectoryUser(
                                u.uid(),
                                u.domain(),
                                u.mail(),
                                List.of("kim@example.org"),
                                u.status(),
                                0,
                                u.quota(),
                                u.mailHost(),
                                u.partition(),
                                ""))));
    assertEquals("the address kim@example.org is already kim@example.org's", m.getMessage());
    assertEquals(before, store.journal().lastIndex());
  }

  @Test
  void aQuotaReachesTheQuotaProjectionInTheSameCommit() {
    try (var r = store.read()) {
      assertEquals(5_000_000, r.quota("joe").limitBytes());
      assertEquals(1000, r.quota("joe").limitMessages());
    }
    store.execute(ADMIN, new ModifyUserEntry("joe", u -> u.withQuota(new QuotaLimits(7, -1))));
    try (var r = store.read()) {
      assertEquals(7, r.quota("joe").limitBytes());
      assertEquals(-1, r.quota("joe").limitMessages());
    }
    assertEquals(new QuotaLimits(7, -1), directory().user("joe").orElseThrow().quota());
  }
}
