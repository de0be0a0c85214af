package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPURL;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchScope;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryContract;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directory contract against a real LDAP server (OpenLDAP's slapd in .ci/ldap-conformance.sh):
 * {@code -Dmsgstore.ldap.url=ldap://127.0.0.1:PORT} names it, {@code -Dmsgstore.ldap.manager} and
 * {@code -Dmsgstore.ldap.manager-password} an identity that may write under o=usergroup. Each test
 * empties the tree and loads the fixture over LDAP. Without the URL it skips.
 */
@EnabledIfSystemProperty(
    named = "msgstore.ldap.url",
    matches = ".+",
    disabledReason = "no external LDAP server (-Dmsgstore.ldap.url)")
class ExternalLdapContractTest extends DirectoryContract {
  @TempDir Path dir;

  @Override
  protected Directory directoryWith(Fixture fixture) throws Exception {
    String url = System.getProperty("msgstore.ldap.url");
    LDAPURL u = new LDAPURL(url);
    String manager = System.getProperty("msgstore.ldap.manager", "cn=manager,o=usergroup");
    String password = System.getProperty("msgstore.ldap.manager-password", "");
    try (LDAPConnection c = new LDAPConnection(u.getHost(), u.getPort(), manager, password)) {
      deleteTree(c, LdapFixtures.BASE);
      for (Entry e : LdapFixtures.entries(fixture)) {
        c.add(e);
      }
    }
    LdapFixtures.privateFile(dir.resolve("manager-password"), password + "\n");
    return LdapDirectory.open(
        LdapFixtures.config(
            dir,
            u.getPort(),
            Map.of(
                LdapSettings.HOST,
                u.getHost() + ":" + u.getPort(),
                LdapSettings.BIND_DN,
                manager,
                LdapSettings.BIND_PASSWORD_FILE,
                dir.resolve("manager-password").toString())));
  }

  /** Deletes {@code base} and everything under it, deepest first; absent is fine. */
  private static void deleteTree(LDAPConnection c, String base) throws LDAPException {
    List<DN> dns;
    try {
      dns =
          c.search(base, SearchScope.SUB, "(objectClass=*)", "1.1").getSearchEntries().stream()
              .map(
                  e -> {
                    try {
                      return e.getParsedDN();
                    } catch (LDAPException x) {
                      throw new IllegalStateException(x);
                    }
                  })
              .sorted(Comparator.comparingInt((DN d) -> d.getRDNs().length).reversed())
              .toList();
    } catch (LDAPException e) {
      if (e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
        return;
      }
      throw e;
    }
    for (DN dn : dns) {
      c.delete(dn.toString());
    }
  }
}
