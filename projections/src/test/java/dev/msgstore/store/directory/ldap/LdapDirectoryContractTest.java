package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryContract;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The directory contract on UnboundID's in-memory server, loaded in the reference's schema. */
class LdapDirectoryContractTest extends DirectoryContract {
  @TempDir Path dir;
  private InMemoryDirectoryServer server;

  @Override
  protected Directory directoryWith(Fixture fixture) throws Exception {
    server = LdapFixtures.start(0);
    server.addEntries(LdapFixtures.entries(fixture));
    return LdapDirectory.open(LdapFixtures.config(dir, server.getListenPort(), Map.of()));
  }

  @AfterEach
  void stop() {
    server.shutDown(true);
  }
}
