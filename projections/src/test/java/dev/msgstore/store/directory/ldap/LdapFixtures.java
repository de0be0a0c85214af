package dev.msgstore.store.directory.ldap;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import dev.msgstore.store.directory.DirectoryContract.Fixture;
import dev.msgstore.store.directory.DirectoryContract.FixtureUser;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract's fixture as entries in the reference's schema, an in-memory server holding them,
 * and the configutil options that point an {@link LdapDirectory} at it.
 */
public final class LdapFixtures {
  private LdapFixtures() {}

  public static final String BASE = "o=usergroup";
  public static final String MANAGER = "cn=Directory Manager";
  public static final String MANAGER_PASSWORD = "manager-secret";

  /** The standard schema plus the subset of the reference's that msgstore reads. */
  public static Schema schema() throws Exception {
    try (InputStream in = LdapFixtures.class.getResourceAsStream("schema.ldif")) {
      return Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Schema.getSchema(in));
    }
  }

  /** A server on a free loopback port (or {@code port}), checking entries against the schema. */
  public static InMemoryDirectoryServer start(int port, InMemoryListenerConfig... listeners)
      throws Exception {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
    config.setSchema(schema());
    config.addAdditionalBindCredentials(MANAGER, MANAGER_PASSWORD);
    if (listeners.length == 0) {
      config.setListenerConfigs(
          InMemoryListenerConfig.createLDAPConfig(
              "ldap", java.net.InetAddress.getLoopbackAddress(), port, null));
    } else {
      config.setListenerConfigs(listeners);
    }
    InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
    server.startListening();
    return server;
  }

  /** The base, its people, and {@code fixture}'s domains and users. */
  public static List<Entry> entries(Fixture fixture) {
    List<Entry> out = new ArrayList<>();
    out.add(
        new Entry(
            BASE, attrs("objectClass", "top", "objectClass", "organization", "o", "usergroup")));
    out.add(people(BASE));
    for (DirectoryDomain d : fixture.domains()) {
      out.add(domain(d));
      out.add(people(orgDn(d.name())));
    }
    for (FixtureUser f : fixture.users()) {
      out.add(user(f.user(), f.password()));
    }
    return out;
  }

  public static String orgDn(String domain) {
    return "o=" + domain + "," + BASE;
  }

  public static String userDn(String uid, String domain) {
    try {
      // the RDN escapes what a DN would read as syntax (a uid like a*b(c)\d, or with a comma)
      return new com.unboundid.ldap.sdk.DN(
              new com.unboundid.ldap.sdk.RDN("uid", uid),
              new com.unboundid.ldap.sdk.DN(
                  "ou=People," + (domain.isEmpty() ? BASE : orgDn(domain))))
          .toString();
    } catch (com.unboundid.ldap.sdk.LDAPException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static Entry domain(DirectoryDomain d) {
    List<String> a = new ArrayList<>();
    add(a, "objectClass", "top", "objectClass", "organization");
    add(a, "objectClass", "sunManagedOrganization", "objectClass", "mailDomain");
    add(a, "o", d.name(), "sunPreferredDomain", d.name());
    add(a, "inetDomainStatus", d.status() == DomainStatus.INACTIVE ? "inactive" : "active");
    if (d.status() != DomainStatus.INACTIVE) {
      add(a, "mailDomainStatus", d.status().word());
    }
    quota(a, "mailDomainDiskQuota", "mailDomainMsgQuota", d.quota());
    if (!d.defaultPartition().isEmpty()) {
      add(a, "preferredMailMessageStore", d.defaultPartition());
    }
    return new Entry(orgDn(d.name()), attrs(a.toArray(String[]::new)));
  }

  /**
   * {@code u} as the reference provisions a user; an inactive one through {@code inetUserStatus}
   * (the account), any other status through {@code mailUserStatus} (the mail service).
   */
  public static Entry user(DirectoryUser u, String password) {
    List<String> a = new ArrayList<>();
    for (String oc :
        List.of(
            "top",
            "person",
            "organizationalPerson",
            "inetOrgPerson",
            "inetUser",
            "ipUser",
            "inetMailUser",
            "inetLocalMailRecipient")) {
      add(a, "objectClass", oc);
    }
    add(a, "uid", u.uid(), "cn", u.uid(), "sn", u.uid());
    if (!u.mail().isEmpty()) {
      add(a, "mail", u.mail());
    }
    for (String alias : u.aliases()) {
      add(a, "mailAlternateAddress", alias);
    }
    if (u.status() == UserStatus.INACTIVE) {
      add(a, "inetUserStatus", "inactive", "mailUserStatus", "active");
    } else {
      add(a, "inetUserStatus", "active", "mailUserStatus", u.status().word());
    }
    quota(a, "mailQuota", "mailMsgQuota", u.quota());
    if (!u.mailHost().isEmpty()) {
      add(a, "mailHost", u.mailHost());
    }
    if (!u.partition().isEmpty()) {
      add(a, "mailMessageStore", u.partition());
    }
    if (!password.isEmpty()) {
      add(a, "userPassword", password);
    }
    return new Entry(userDn(u.uid(), u.domain()), attrs(a.toArray(String[]::new)));
  }

  /** Options for a directory on {@code port}; {@code extra} adds or overrides. */
  public static EffectiveConfig config(Path dir, int port, Map<String, String> extra) {
    Path passwordFile = dir.resolve("ldap-bind-password");
    privateFile(passwordFile, MANAGER_PASSWORD + "\n");
    Map<String, String> o = new HashMap<>();
    o.put(LdapSettings.HOST, "127.0.0.1:" + port);
    o.put(LdapSettings.BASE_DN, BASE);
    o.put(LdapSettings.BIND_DN, MANAGER);
    o.put(LdapSettings.BIND_PASSWORD_FILE, passwordFile.toString());
    o.put(LdapSettings.CONNECT_TIMEOUT, "2000");
    o.put(LdapSettings.TIMEOUT, "5000");
    o.putAll(extra);
    return new EffectiveConfig(OptionCatalog.standard(), o);
  }

  /** {@code text} in a file only its owner may read, as a bind password file must be. */
  public static Path privateFile(Path file, String text) {
    try {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(
          file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void quota(List<String> a, String bytes, String messages, QuotaLimits q) {
    if (q.limitsBytes()) {
      // whole gigabytes in the reference's own notation, so that its suffixes are read
      add(
          a,
          bytes,
          q.bytes() > 0 && q.bytes() % (1L << 30) == 0 ? (q.bytes() >> 30) + "G" : "" + q.bytes());
    }
    if (q.limitsMessages()) {
      add(a, messages, Long.toString(q.messages()));
    } else if (q.limitsBytes()) {
      add(a, messages, "-1");
    }
  }

  private static Entry people(String parent) {
    return new Entry(
        "ou=People," + parent,
        attrs("objectClass", "top", "objectClass", "organizationalUnit", "ou", "People"));
  }

  private static void add(List<String> a, String... nameValues) {
    a.addAll(List.of(nameValues));
  }

  private static List<com.unboundid.ldap.sdk.Attribute> attrs(String... nameValues) {
    Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      byName.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
    }
    List<com.unboundid.ldap.sdk.Attribute> out = new ArrayList<>();
    byName.forEach((n, v) -> out.add(new com.unboundid.ldap.sdk.Attribute(n, v)));
    return out;
  }
}
