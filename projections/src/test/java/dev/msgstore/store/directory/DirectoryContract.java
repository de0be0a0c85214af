package dev.msgstore.store.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Directory} promises, run against each implementation by a small subclass (the
 * embedded directory, and LDAP on UnboundID's in-memory server), as Apache James runs its contract
 * tests. A subclass loads {@link #FIXTURE} in its own way (commands on a store, an LDIF) and
 * returns the directory that reads it.
 */
public abstract class DirectoryContract {

  /** A user to load, and the clear-text password to give them (empty: none). */
  public record FixtureUser(DirectoryUser user, String password) {}

  /** What a subclass loads: these users and these hosted domains. */
  public record Fixture(List<FixtureUser> users, List<DirectoryDomain> domains) {}

  public static final Fixture FIXTURE =
      new Fixture(
          List.of(
              new FixtureUser(
                  user(
                      "joe",
                      "",
                      "joe@example.com",
                      List.of("j.doe@example.com", "postmaster@example.com"),
                      UserStatus.ACTIVE,
                      new QuotaLimits(5_000_000, 1000),
                      "primary"),
                  "joe-secret"),
              new FixtureUser(
                  user("ann", "", "ann@example.com", List.of(), UserStatus.INACTIVE, null, ""),
                  "ann-secret"),
              new FixtureUser(
                  user("nopass", "", "nopass@example.com", List.of(), UserStatus.ACTIVE, null, ""),
                  ""),
              new FixtureUser(
                  user(
                      "joe",
                      "example.org",
                      "joe@example.org",
                      List.of("sales@example.org"),
                      UserStatus.ACTIVE,
                      null,
                      ""),
                  "org-secret"),
              new FixtureUser(
                  user(
                      "kim",
                      "example.org",
                      "kim.lee@example.org",
                      List.of(),
                      UserStatus.HOLD,
                      null,
                      "two"),
                  "kim-secret")),
          List.of(
              new DirectoryDomain(
                  "example.org", DomainStatus.ACTIVE, 0, new QuotaLimits(1 << 30, -1), "two"),
              new DirectoryDomain(
                  "closed.example", DomainStatus.INACTIVE, 0, QuotaLimits.NONE, "")));

  private static DirectoryUser user(
      String uid,
      String domain,
      String mail,
      List<String> aliases,
      UserStatus status,
      QuotaLimits quota,
      String partition) {
    return new DirectoryUser(
        uid,
        domain,
        mail,
        aliases,
        status,
        0,
        quota == null ? QuotaLimits.NONE : quota,
        "",
        partition,
        "");
  }

  /** A directory holding exactly {@code fixture}; closed by the contract after each test. */
  protected abstract Directory directoryWith(Fixture fixture) throws Exception;

  private Directory directory;

  @BeforeEach
  void load() throws Exception {
    directory = directoryWith(FIXTURE);
  }

  @AfterEach
  void closeDirectory() {
    directory.close();
  }

  protected Directory directory() {
    return directory;
  }

  @Test
  void findsAUserByNameInTheDefaultDomainAndAHostedOne() {
    DirectoryUser joe = directory.user("joe").orElseThrow();
    assertEquals("joe", joe.name());
    assertEquals("joe@example.com", joe.mail());
    assertEquals(List.of("j.doe@example.com", "postmaster@example.com"), joe.aliases());
    assertEquals(new QuotaLimits(5_000_000, 1000), joe.quota());
    assertEquals("primary", joe.partition());
    assertEquals(UserStatus.ACTIVE, joe.status());

    DirectoryUser orgJoe = directory.user("joe@example.org").orElseThrow();
    assertEquals("example.org", orgJoe.domain());
    assertEquals("joe@example.org", orgJoe.name());
    assertEquals(directory.user("joe@EXAMPLE.ORG"), Optional.of(orgJoe), "domains without case");
  }

  @Test
  void anUnknownNameIsAbsent() {
    assertEquals(Optional.empty(), directory.user("nobody"));
    assertEquals(Optional.empty(), directory.user("joe@nowhere.example"));
    assertEquals(Optional.empty(), directory.userByAddress("nobody@example.com"));
    assertEquals(Optional.empty(), directory.domain("nowhere.example"));
  }

  @Test
  void findsAUserByAddressAliasAndHostedName() {
    assertEquals("joe", directory.userByAddress("joe@example.com").orElseThrow().name());
    assertEquals("joe", directory.userByAddress("j.doe@EXAMPLE.com").orElseThrow().name());
    assertEquals("joe", directory.userByAddress("postmaster@example.com").orElseThrow().name());
    assertEquals(
        "joe@example.org", directory.userByAddress("sales@example.org").orElseThrow().name());
    assertEquals(
        "kim@example.org",
        directory.userByAddress("kim@example.org").orElseThrow().name(),
        "uid@domain reaches a hosted user whose address is another");
    assertEquals(
        "kim@example.org", directory.userByAddress("kim.lee@Example.Org").orElseThrow().name());
  }

  @Test
  void theLocalPartKeepsItsCase() {
    assertEquals(Optional.empty(), directory.userByAddress("J.DOE@example.com"));
  }

  @Test
  void listsUsersByPatternSortedByName() {
    assertEquals(
        List.of("ann", "joe", "joe@example.org", "kim@example.org", "nopass"),
        names(directory.users("*")));
    assertEquals(List.of("ann", "joe", "nopass"), names(directory.users("%")));
    assertEquals(List.of("joe@example.org", "kim@example.org"), names(directory.users("*@*")));
    assertEquals(List.of("joe", "joe@example.org"), names(directory.users("joe*")));
    assertEquals(List.of(), names(directory.users("zed*")));
  }

  @Test
  void findsAndListsDomains() {
    DirectoryDomain org = directory.domain("Example.ORG").orElseThrow();
    assertEquals("example.org", org.name());
    assertEquals(DomainStatus.ACTIVE, org.status());
    assertEquals(new QuotaLimits(1 << 30, -1), org.quota());
    assertEquals("two", org.defaultPartition());
    assertEquals(DomainStatus.INACTIVE, directory.domain("closed.example").orElseThrow().status());
    assertEquals(
        List.of("closed.example", "example.org"),
        directory.domains("*").stream().map(DirectoryDomain::name).toList());
    assertEquals(
        List.of("example.org"),
        directory.domains("ex*").stream().map(DirectoryDomain::name).toList());
  }

  @Test
  void statusesAndPartitionsAreThoseLoaded() {
    assertEquals(UserStatus.INACTIVE, directory.user("ann").orElseThrow().status());
    DirectoryUser kim = directory.user("kim@example.org").orElseThrow();
    assertEquals(UserStatus.HOLD, kim.status());
    assertEquals("two", kim.partition());
    assertEquals(QuotaLimits.NONE, directory.user("nopass").orElseThrow().quota());
  }

  @Test
  void authenticatesOnlyTheRightPasswordOfAnActiveUser() {
    assertTrue(directory.authenticate("joe", "joe-secret".toCharArray()));
    assertTrue(directory.authenticate("joe@example.org", "org-secret".toCharArray()));
    assertFalse(directory.authenticate("joe", "org-secret".toCharArray()), "another's password");
    assertFalse(directory.authenticate("joe", "".toCharArray()), "an empty password");
    assertFalse(directory.authenticate("nobody", "joe-secret".toCharArray()), "unknown user");
    assertFalse(directory.authenticate("nopass", "".toCharArray()), "a user without a password");
    assertFalse(directory.authenticate("ann", "ann-secret".toCharArray()), "inactive");
    assertFalse(directory.authenticate("kim@example.org", "kim-secret".toCharArray()), "on hold");
  }

  @Test
  void aUserIdThatLooksLikeAFilterFindsNobody() {
    assertEquals(Optional.empty(), directory.user("*)(uid=*"));
    assertEquals(Optional.empty(), directory.userByAddress("*)(uid=*@example.com"));
    assertFalse(directory.authenticate("*)(uid=*", "joe-secret".toCharArray()));
    assertEquals(List.of(), directory.users("*)(uid=*"));
  }

  @Test
  void noRecordShowsAPasswordOrItsHash() {
    for (DirectoryUser u : directory.users("*")) {
      String shown = u.toString();
      for (FixtureUser f : FIXTURE.users()) {
        if (!f.password().isEmpty()) {
          assertFalse(shown.contains(f.password()), shown);
        }
      }
      if (u.hasPassword()) {
        assertFalse(shown.contains(u.passwordHash()), shown);
      }
    }
  }

  private static List<String> names(List<DirectoryUser> users) {
    return users.stream().map(DirectoryUser::name).toList();
  }
}
