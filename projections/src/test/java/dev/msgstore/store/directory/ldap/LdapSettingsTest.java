package dev.msgstore.store.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LdapSettingsTest {
  private static LdapSettings settings(String... nameValues) {
    Map<String, String> o = new HashMap<>(Map.of(LdapSettings.BASE_DN, "o=usergroup"));
    for (int i = 0; i < nameValues.length; i += 2) {
      o.put(nameValues[i], nameValues[i + 1]);
    }
    return LdapSettings.from(new EffectiveConfig(OptionCatalog.standard(), o));
  }

  private static String refusal(String... nameValues) {
    return assertThrows(DirectoryUnavailable.class, () -> settings(nameValues)).getMessage();
  }

  @Test
  void theCatalogsDefaults() {
    LdapSettings s = settings();
    assertEquals(List.of(new LdapSettings.Server("localhost", 389)), s.servers());
    assertEquals(LdapSettings.Security.NONE, s.security());
    assertEquals("", s.bindDn());
    assertEquals(Optional.empty(), s.bindPasswordFile());
    assertEquals(Duration.ofSeconds(5), s.connectTimeout());
    assertEquals(Duration.ofSeconds(10), s.responseTimeout());
    assertEquals(8, s.poolSize());
    assertEquals(Duration.ofSeconds(60), s.cacheTtl());
    assertEquals(Duration.ofSeconds(10), s.negativeCacheTtl());
    assertEquals("ldap://localhost:389", s.url());
  }

  @Test
  void severalHostsEachWithOrWithoutAPort() {
    LdapSettings s =
        settings(
            LdapSettings.HOST, "ldap1.example.com  ldap2.example.com:1389 [::1]:2389 [::1]",
            LdapSettings.USE_SSL, "1");
    assertEquals(
        List.of(
            new LdapSettings.Server("ldap1.example.com", 636),
            new LdapSettings.Server("ldap2.example.com", 1389),
            new LdapSettings.Server("::1", 2389),
            new LdapSettings.Server("::1", 636)),
        s.servers());
    assertEquals("ldaps://ldap1.example.com:636", s.url());
    assertEquals(
        3890,
        settings(LdapSettings.HOST, "h", LdapSettings.PORT, "3890").servers().getFirst().port());
  }

  @Test
  void whatCannotWorkIsRefusedNamingTheOption() {
    assertTrue(
        refusal(LdapSettings.BASE_DN, "").contains(LdapSettings.BASE_DN),
        "no base DN: nothing to search");
    assertTrue(
        refusal(LdapSettings.BIND_DN, "cn=x").contains(LdapSettings.BIND_PASSWORD_FILE),
        "a bind DN without its password file");
    assertTrue(
        refusal(LdapSettings.USE_SSL, "yes", LdapSettings.STARTTLS, "yes")
            .contains(LdapSettings.STARTTLS));
    assertTrue(refusal(LdapSettings.HOST, "h:99999").contains("not a port"));
    assertTrue(refusal(LdapSettings.HOST, " ").contains(LdapSettings.HOST));
    assertTrue(refusal(LdapSettings.POOL_SIZE, "0").contains(LdapSettings.POOL_SIZE));
    assertTrue(refusal(LdapSettings.CACHE_TTL, "soon").contains(LdapSettings.CACHE_TTL));
    assertTrue(
        refusal(LdapSettings.TRUST_STORE, "relative.pem").contains(LdapSettings.TRUST_STORE));
    for (String m : List.of(refusal(LdapSettings.BASE_DN, ""))) {
      assertTrue(m.startsWith("the LDAP directory is not configured right: "), m);
    }
  }
}
