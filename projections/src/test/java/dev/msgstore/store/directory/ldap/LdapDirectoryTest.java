package dev.msgstore.store.directory.ldap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import dev.msgstore.store.directory.AddressConflict;
import dev.msgstore.store.directory.DirectoryContract;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUnavailable;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot say about LDAP: its schema's oddities, bad entries, a server away. */
class LdapDirectoryTest {
  @TempDir Path dir;
  private InMemoryDirectoryServer server;
  private final List<String> problems = new ArrayList<>();
  private LdapDirectory directory;

  @BeforeEach
  void start() throws Exception {
    server = LdapFixtures.start(0);
    server.addEntries(LdapFixtures.entries(DirectoryContract.FIXTURE));
    directory = uncached(server.getListenPort());
  }

  @AfterEach
  void stop() {
    directory.close();
    server.shutDown(true);
  }

  private LdapDirectory uncached(int port) {
    return directory(
        port, Map.of(LdapSettings.CACHE_TTL, "0", LdapSettings.NEGATIVE_CACHE_TTL, "0"));
  }

  private LdapDirectory directory(int port, Map<String, String> options) {
    return new LdapDirectory(
        LdapSettings.from(LdapFixtures.config(dir, port, options)), problems::add);
  }

  private void add(String dn, String... nameValues) throws Exception {
    List<Attribute> attrs = new ArrayList<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      attrs.add(new Attribute(nameValues[i], nameValues[i + 1]));
    }
    server.add(new Entry(dn, attrs));
  }

  private void set(String dn, String attribute, String value) throws Exception {
    server.modify(dn, new Modification(ModificationType.REPLACE, attribute, value));
  }

  private void addUser(String uid, String domain, String mail, String... more) throws Exception {
    Entry e =
        LdapFixtures.user(
            new DirectoryUser(
                uid, domain, mail, List.of(), UserStatus.ACTIVE, 0, QuotaLimits.NONE, "", "", ""),
            "pw-" + uid);
    for (int i = 0; i < more.length; i += 2) {
      e.addAttribute(more[i], more[i + 1]);
    }
    server.add(e);
  }

  @Test
  void filterCharactersInEveryLookupAreOnlyValues() throws Exception {
    // an entry whose uid holds the characters a filter would treat as syntax
    addUser("a*b(c)\\d", "", "odd@example.com");
    assertEquals("a*b(c)\\d", directory.user("a*b(c)\\d").orElseThrow().uid());
    assertEquals(Optional.empty(), directory.user("a*"), "a * in a name is no wildcard");
    assertEquals(Optional.empty(), directory.user("*"));
    assertEquals(Optional.empty(), directory.user("joe)(|(uid=*"));
    assertEquals(Optional.empty(), directory.user("joe\\2a"), "an escape in a name stays text");
    assertEquals(Optional.empty(), directory.userByAddress("*@example.com"));
    assertEquals(Optional.empty(), directory.userByAddress("joe@example.com)(mail=*"));
    assertEquals(Optional.empty(), directory.domain("*"));
    assertEquals(Optional.empty(), directory.domain("example.org)(o=*"));
    assertFalse(directory.authenticate("*", "joe-secret".toCharArray()));
    assertFalse(directory.authenticate("joe)(uid=*", "joe-secret".toCharArray()));
    assertEquals(List.of("a*b(c)\\d"), names(directory.users("a*b(*")));
    assertEquals(List.of(), names(directory.users("*)(objectClass=*")));
  }

  @Test
  void statusPrecedenceQuotaUnitsAndAlternatesRepeatingTheMail() throws Exception {
    addUser(
        "sue",
        "",
        "sue@example.com",
        "mailAlternateAddress",
        "sue@EXAMPLE.com",
        "mailQuota",
        "20M",
        "mailMsgQuota",
        "-2");
    set(LdapFixtures.userDn("sue", ""), "inetUserStatus", "active");
    set(LdapFixtures.userDn("sue", ""), "mailUserStatus", "overquota");
    DirectoryUser sue = directory.user("sue").orElseThrow();
    assertEquals(
        List.of(), sue.aliases(), "the primary address among the alternates is not an alias");
    assertEquals(new QuotaLimits(20L << 20, QuotaLimits.UNLIMITED), sue.quota());
    assertEquals(UserStatus.ACTIVE, sue.status(), "overquota still logs in to make room");

    set(LdapFixtures.userDn("sue", ""), "inetUserStatus", "deleted");
    assertEquals(UserStatus.DELETED, directory.user("sue").orElseThrow().status());
    set(LdapFixtures.userDn("sue", ""), "inetUserStatus", "active");
    set(LdapFixtures.userDn("sue", ""), "mailUserStatus", "disabled");
    assertEquals(UserStatus.INACTIVE, directory.user("sue").orElseThrow().status());

    set(LdapFixtures.orgDn("example.org"), "mailDomainStatus", "overquota");
    assertEquals(DomainStatus.OVERQUOTA, directory.domain("example.org").orElseThrow().status());
    assertTrue(
        directory.authenticate("joe@example.org", "org-secret".toCharArray()),
        "an over-quota domain's users still log in");
    set(LdapFixtures.orgDn("example.org"), "inetDomainStatus", "inactive");
    assertFalse(
        directory.authenticate("joe@example.org", "org-secret".toCharArray()),
        "an inactive domain's users do not");
  }

  @Test
  void aMalformedEntryIsReportedWithItsDnAndSkippedTheRestStays() throws Exception {
    set(LdapFixtures.userDn("joe", ""), "mailQuota", "abc");
    set(LdapFixtures.userDn("ann", ""), "mailUserStatus", "sleeping");
    addUser("bob", "", "", "mail", "not an address");
    set(LdapFixtures.orgDn("closed.example"), "mailDomainStatus", "sideways");

    assertEquals(Optional.empty(), directory.user("joe"));
    assertEquals(Optional.empty(), directory.userByAddress("j.doe@example.com"));
    assertEquals(Optional.empty(), directory.user("ann"));
    assertEquals(
        List.of("joe@example.org", "kim@example.org", "nopass"), names(directory.users("*")));
    assertEquals(
        List.of("example.org"),
        directory.domains("*").stream().map(DirectoryDomain::name).toList());
    assertTrue(directory.user("joe@example.org").isPresent(), "others are read as before");

    String joe = LdapFixtures.userDn("joe", "");
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(joe) && p.contains("mailQuota 'abc'")),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(p -> p.contains(LdapFixtures.userDn("ann", "")) && p.contains("'sleeping'")),
        problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.contains(LdapFixtures.userDn("bob", ""))),
        problems.toString());
    assertTrue(
        problems.stream()
            .anyMatch(
                p -> p.contains(LdapFixtures.orgDn("closed.example")) && p.contains("sideways")),
        problems.toString());
    for (String p : problems) {
      assertFalse(p.contains("\n"), "one line: " + p);
      assertTrue(p.startsWith("LDAP directory ldap://127.0.0.1:"), p);
    }
  }

  @Test
  void theUsersOfADomainEntryWithoutANameAreNotTakenForTheDefaultDomains() throws Exception {
    server.modify(
        LdapFixtures.orgDn("example.org"),
        new Modification(ModificationType.DELETE, "sunPreferredDomain"));
    assertEquals(List.of("ann", "joe", "nopass"), names(directory.users("*")));
    assertEquals(Optional.empty(), directory.userByAddress("sales@example.org"));
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("has no sunPreferredDomain")),
        problems.toString());
  }

  @Test
  void anAddressHeldTwiceIsAConflictNotAGuess() throws Exception {
    addUser("joan", "", "joan@example.com", "mailAlternateAddress", "j.doe@example.com");
    addUser("sales", "", "sales@example.com", "mailAlternateAddress", "kim@example.org");
    assertEquals(
        List.of(
            new AddressConflict("j.doe@example.com", List.of("joan", "joe")),
            new AddressConflict("kim@example.org", List.of("kim@example.org", "sales"))),
        directory.addressConflicts());
    DirectoryUnavailable e =
        assertThrows(
            DirectoryUnavailable.class, () -> directory.userByAddress("j.doe@example.com"));
    assertTrue(e.getMessage().contains(LdapFixtures.userDn("joan", "")), e.getMessage());
    assertTrue(e.getMessage().contains("user list --conflicts"), e.getMessage());
    assertEquals(
        "sales",
        directory.userByAddress("kim@example.org").orElseThrow().name(),
        "an address wins over a hosted user's uid@domain");
  }

  @Test
  void aServerThatGoesAwayFailsEachCallCleanlyAndIsUsedAgainWhenBack() throws Exception {
    int port = freePort();
    directory.close();
    server.shutDown(true);
    server = LdapFixtures.start(port);
    server.addEntries(LdapFixtures.entries(DirectoryContract.FIXTURE));
    directory = uncached(port);
    assertEquals("joe", directory.user("joe").orElseThrow().name());
    assertTrue(directory.authenticate("joe", "joe-secret".toCharArray()));
    server.shutDown(true); // the pooled connections die with it
    for (Runnable call :
        List.<Runnable>of(
            () -> directory.user("joe"),
            () -> directory.userByAddress("joe@example.com"),
            () -> directory.domain("example.org"),
            () -> directory.users("*"),
            () -> directory.authenticate("joe", "joe-secret".toCharArray()))) {
      DirectoryUnavailable e = assertThrows(DirectoryUnavailable.class, call::run);
      assertTrue(
          e.getMessage().startsWith("LDAP directory ldap://127.0.0.1:" + port), e.getMessage());
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    server.startListening(); // the same port: the data stayed in memory
    assertEquals(port, server.getListenPort());
    assertEquals("joe", directory.user("joe").orElseThrow().name());
    assertTrue(directory.authenticate("joe", "joe-secret".toCharArray()));
    assertEquals(5, directory.users("*").size());
  }

  @Test
  void aServerNobodyListensOnIsNamedInOneLine() throws Exception {
    int port = freePort();
    try (LdapDirectory d = uncached(port)) {
      DirectoryUnavailable e = assertThrows(DirectoryUnavailable.class, () -> d.user("joe"));
      assertTrue(
          e.getMessage().startsWith("LDAP directory ldap://127.0.0.1:" + port + " is unavailable"),
          e.getMessage());
      assertFalse(e.getMessage().contains("\n"));
      assertFalse(e.getMessage().contains(LdapFixtures.MANAGER_PASSWORD));
    }
  }

  @Test
  void aServerListedAfterOneThatIsDownAnswers() throws Exception {
    int dead = freePort();
    try (LdapDirectory d =
        directory(
            0,
            Map.of(
                LdapSettings.HOST,
                "127.0.0.1:" + dead + " 127.0.0.1:" + server.getListenPort(),
                LdapSettings.CACHE_TTL,
                "0"))) {
      assertEquals("joe", d.user("joe").orElseThrow().name());
      assertTrue(d.authenticate("joe", "joe-secret".toCharArray()));
    }
  }

  @Test
  void aWrongBindPasswordIsUnavailableAndNeverShown() throws Exception {
    server.shutDown(true);
    server = LdapFixtures.start(0);
    server.addEntries(LdapFixtures.entries(DirectoryContract.FIXTURE));
    LdapFixtures.privateFile(dir.resolve("wrong"), "not-the-password\n");
    try (LdapDirectory d =
        directory(
            server.getListenPort(),
            Map.of(LdapSettings.BIND_PASSWORD_FILE, dir.resolve("wrong").toString()))) {
      DirectoryUnavailable e = assertThrows(DirectoryUnavailable.class, () -> d.user("joe"));
      assertTrue(e.getMessage().contains("invalid credentials"), e.getMessage());
      assertFalse(e.getMessage().contains("not-the-password"), e.getMessage());
    }
  }

  @Test
  void aBindPasswordFileEveryUserCanReadIsRefused() throws Exception {
    Path open = dir.resolve("open-password");
    java.nio.file.Files.writeString(open, LdapFixtures.MANAGER_PASSWORD + "\n");
    java.nio.file.Files.setPosixFilePermissions(
        open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    DirectoryUnavailable e =
        assertThrows(
            DirectoryUnavailable.class,
            () ->
                directory(
                    server.getListenPort(),
                    Map.of(LdapSettings.BIND_PASSWORD_FILE, open.toString())));
    assertTrue(e.getMessage().contains("can be read by every user"), e.getMessage());
    assertFalse(e.getMessage().contains(LdapFixtures.MANAGER_PASSWORD));
  }

  @Test
  void aCachedAnswerIsServedWithoutTheServerAndANewUserShowsAfterTheNegativeTtl() throws Exception {
    try (LdapDirectory cached =
        directory(
            server.getListenPort(),
            Map.of(LdapSettings.CACHE_TTL, "3600", LdapSettings.NEGATIVE_CACHE_TTL, "0"))) {
      assertTrue(cached.user("joe").isPresent());
      assertEquals(Optional.empty(), cached.user("newbie"));
      addUser("newbie", "", "newbie@example.com");
      assertTrue(cached.user("newbie").isPresent(), "no negative caching: seen at once");
      set(LdapFixtures.userDn("joe", ""), "mailMessageStore", "moved");
      assertEquals("primary", cached.user("joe").orElseThrow().partition(), "within its TTL");
      server.shutDown(true);
      assertTrue(cached.user("joe").isPresent(), "cached: no need to ask");
      assertTrue(cached.domain("example.org").isPresent());
    }
  }

  @Test
  void neverAsksForTheUserPassword() {
    // the searches' attribute lists: what the directory is asked to send back
    assertFalse(List.of(LdapEntries.USER_ATTRIBUTES).contains("userPassword"));
    assertFalse(
        directory.users("*").stream().anyMatch(DirectoryUser::hasPassword),
        "LDAP users carry no password hash");
  }

  @Test
  void describesItselfByItsUrl() {
    assertEquals("ldap://127.0.0.1:" + server.getListenPort(), directory.describe());
    assertFalse(directory.writable());
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static List<String> names(List<DirectoryUser> users) {
    return users.stream().map(DirectoryUser::name).toList();
  }
}
