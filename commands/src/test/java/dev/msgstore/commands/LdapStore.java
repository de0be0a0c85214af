package dev.msgstore.commands;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Entry;
import dev.msgstore.store.directory.DirectoryContract;
import dev.msgstore.store.directory.ldap.LdapFixtures;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * An in-memory LDAP server holding the directory contract's fixture, and the configutil lines an
 * administrator runs to point a store at it, run through a test's own verb runner.
 */
public final class LdapStore {
  private LdapStore() {}

  /** A started server with {@link DirectoryContract#FIXTURE}; the caller shuts it down. */
  public static InMemoryDirectoryServer server() throws Exception {
    InMemoryDirectoryServer server = LdapFixtures.start(0);
    for (Entry e : LdapFixtures.entries(DirectoryContract.FIXTURE)) {
      server.add(e);
    }
    return server;
  }

  /**
   * Sets {@code root}'s store to read {@code server}, one configutil run each, through {@code ok}.
   */
  public static void configure(Consumer<String[]> ok, Path root, InMemoryDirectoryServer server) {
    Path bind =
        LdapFixtures.privateFile(root.resolve("ldap-bind"), LdapFixtures.MANAGER_PASSWORD + "\n");
    String[][] options = {
      {"store.directory", "ldap"},
      {"local.ugldaphost", "127.0.0.1:" + server.getListenPort()},
      {"local.ugldapbasedn", LdapFixtures.BASE},
      {"local.ugldapbinddn", LdapFixtures.MANAGER},
      {"local.ugldapbindcredfile", bind.toString()}
    };
    for (String[] o : options) {
      ok.accept(new String[] {"configutil", "-o", o[0], "-v", o[1]});
    }
  }
}
