package dev.msgstore.commands.bench;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.OptionCatalog;
import dev.msgstore.store.directory.Directory;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.DirectoryUser;
import dev.msgstore.store.directory.DomainStatus;
import dev.msgstore.store.directory.QuotaLimits;
import dev.msgstore.store.directory.UserStatus;
import dev.msgstore.store.directory.ldap.LdapDirectory;
import dev.msgstore.store.directory.ldap.LdapSettings;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Directory lookups as the services make them (address → user for each recipient, user for each
 * login and delivery, domain for each hosted user), per implementation and per cache setting. Each
 * subject is a name and a way to open a directory holding a {@link Population}: the embedded
 * directory joins as one more entry of {@link #subjects}.
 */
final class DirectoryBench {
  private DirectoryBench() {}

  /** What every measured directory holds. */
  record Population(List<DirectoryUser> users, List<DirectoryDomain> domains) {
    /** {@code users} users, half in the default domain, half spread over {@code domains}. */
    static Population of(int users, int domains) {
      List<DirectoryDomain> ds = new ArrayList<>();
      for (int d = 0; d < domains; d++) {
        ds.add(
            new DirectoryDomain(
                "d" + d + ".example", DomainStatus.ACTIVE, 0, new QuotaLimits(1L << 40, -1), ""));
      }
      List<DirectoryUser> us = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        boolean hosted = i % 2 == 1 && domains > 0;
        String domain = hosted ? ds.get(i % domains).name() : "";
        String mailDomain = hosted ? domain : "example.com";
        us.add(
            new DirectoryUser(
                "u" + i,
                domain,
                "first" + i + ".last@" + mailDomain,
                List.of("u" + i + ".alias@" + mailDomain),
                UserStatus.ACTIVE,
                0,
                new QuotaLimits(1L << 30, 100_000),
                "",
                "primary",
                ""));
      }
      return new Population(List.copyOf(us), List.copyOf(ds));
    }
  }

  /** Opens a directory that holds {@code p}; closing it ends what opening started. */
  interface Opener {
    Directory open(Population p) throws Exception;
  }

  /** A directory implementation (and cache setting) under the name the bench prints. */
  record Subject(String name, Opener opener) {}

  /** One kind of lookup over one subject. */
  record Figure(String subject, String lookup, int count, double p50, double p99, double mean) {}

  private record Lookup(String name, Function<Directory, Object> call) {}

  /** Each lookup of {@code subject}, {@code n} times over keys drawn from {@code p}. */
  static List<Figure> measure(Subject subject, Population p, int n) throws Exception {
    Random random = new Random(42);
    List<Lookup> lookups = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> domains = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      DirectoryUser u = p.users().get(random.nextInt(p.users().size()));
      addresses.add(random.nextBoolean() ? u.mail() : u.aliases().getFirst());
      names.add(u.name());
      domains.add(p.domains().get(random.nextInt(p.domains().size())).name());
    }
    lookups.add(new Lookup("address → user", keyed(addresses, Directory::userByAddress)));
    lookups.add(new Lookup("user           ", keyed(names, Directory::user)));
    lookups.add(new Lookup("domain         ", keyed(domains, Directory::domain)));
    List<Figure> out = new ArrayList<>();
    try (Directory d = subject.opener().open(p)) {
      for (Lookup l : lookups) {
        run(d, l, n, new long[1]); // warm: the JIT, and the cache of a cached subject
        long[] total = new long[1];
        Latencies lat = run(d, l, n, total);
        out.add(
            new Figure(
                subject.name(),
                l.name(),
                n,
                lat.micros(0.5),
                lat.micros(0.99),
                total[0] / 1e3 / n));
      }
    }
    return out;
  }

  private static Function<Directory, Object> keyed(
      List<String> keys, java.util.function.BiFunction<Directory, String, Object> call) {
    int[] next = {0};
    return d -> {
      String k = keys.get(next[0]);
      next[0] = (next[0] + 1) % keys.size();
      Object found = call.apply(d, k);
      if (found instanceof java.util.Optional<?> o && o.isEmpty()) {
        throw new IllegalStateException("the directory does not find " + k);
      }
      return found;
    };
  }

  private static Latencies run(Directory d, Lookup l, int n, long[] totalNanos) {
    Latencies lat = new Latencies();
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      l.call().apply(d);
      long t = System.nanoTime() - t0;
      lat.record(t);
      totalNanos[0] += t;
    }
    return Latencies.merge(List.of(lat));
  }

  /**
   * UnboundID's in-memory server on a loopback port, loaded once with the population and shared by
   * the LDAP subjects, in the schema msgstore reads, with equality indexes on the attributes
   * searched.
   */
  static final class LdapServer implements AutoCloseable {
    private InMemoryDirectoryServer server;

    /** The LDAP directory on this server, with a cache TTL of {@code ttlSeconds} (0: none). */
    Subject subject(String name, int ttlSeconds) {
      return new Subject(
          name,
          p -> {
            String ttl = Integer.toString(ttlSeconds);
            return LdapDirectory.open(
                new EffectiveConfig(
                    OptionCatalog.standard(),
                    Map.of(
                        LdapSettings.HOST,
                        "127.0.0.1:" + start(p),
                        LdapSettings.BASE_DN,
                        BASE,
                        LdapSettings.CACHE_TTL,
                        ttl,
                        LdapSettings.NEGATIVE_CACHE_TTL,
                        ttl)));
          });
    }

    @Override
    public void close() {
      if (server != null) {
        server.shutDown(true);
        server = null;
      }
    }

    private int start(Population p) throws LDAPException {
      if (server == null) {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(schema());
        // what an administrator indexes on a real server for these searches
        config.setEqualityIndexAttributes(
            "uid", "mail", "mailAlternateAddress", "sunPreferredDomain");
        config.setListenerConfigs(
            InMemoryListenerConfig.createLDAPConfig(
                "ldap", InetAddress.getLoopbackAddress(), 0, null));
        server = new InMemoryDirectoryServer(config);
        server.add(entry(BASE, "objectClass", "organization", "o", "usergroup"));
        server.add(entry("ou=People," + BASE, "objectClass", "organizationalUnit", "ou", "People"));
        for (DirectoryDomain d : p.domains()) {
          String org = "o=" + d.name() + "," + BASE;
          server.add(
              entry(
                  org,
                  "objectClass",
                  "organization",
                  "objectClass",
                  "sunManagedOrganization",
                  "objectClass",
                  "mailDomain",
                  "o",
                  d.name(),
                  "sunPreferredDomain",
                  d.name(),
                  "mailDomainStatus",
                  d.status().word(),
                  "mailDomainDiskQuota",
                  Long.toString(d.quota().bytes())));
          server.add(
              entry("ou=People," + org, "objectClass", "organizationalUnit", "ou", "People"));
        }
        for (DirectoryUser u : p.users()) {
          String parent =
              "ou=People," + (u.domain().isEmpty() ? "" : "o=" + u.domain() + ",") + BASE;
          server.add(
              entry(
                  "uid=" + u.uid() + "," + parent,
                  "objectClass",
                  "inetOrgPerson",
                  "objectClass",
                  "inetUser",
                  "objectClass",
                  "ipUser",
                  "objectClass",
                  "inetMailUser",
                  "objectClass",
                  "inetLocalMailRecipient",
                  "uid",
                  u.uid(),
                  "cn",
                  u.uid(),
                  "sn",
                  u.uid(),
                  "mail",
                  u.mail(),
                  "mailAlternateAddress",
                  u.aliases().getFirst(),
                  "mailUserStatus",
                  u.status().word(),
                  "mailQuota",
                  Long.toString(u.quota().bytes()),
                  "mailMsgQuota",
                  Long.toString(u.quota().messages()),
                  "mailMessageStore",
                  u.partition()));
        }
        server.startListening();
      }
      return server.getListenPort();
    }

    private static final String BASE = "o=usergroup";

    private static com.unboundid.ldap.sdk.schema.Schema schema() {
      try (var in = LdapDirectory.class.getResourceAsStream("schema.ldif")) {
        return com.unboundid.ldap.sdk.schema.Schema.mergeSchemas(
            com.unboundid.ldap.sdk.schema.Schema.getDefaultStandardSchema(),
            com.unboundid.ldap.sdk.schema.Schema.getSchema(in));
      } catch (java.io.IOException | com.unboundid.ldif.LDIFException | LDAPException e) {
        throw new IllegalStateException("the LDAP schema msgstore reads cannot be loaded", e);
      }
    }

    private static Entry entry(String dn, String... nameValues) {
      Map<String, List<String>> byName = new java.util.LinkedHashMap<>();
      for (int i = 0; i < nameValues.length; i += 2) {
        byName.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
      }
      List<Attribute> attrs = new ArrayList<>();
      byName.forEach((n, v) -> attrs.add(new Attribute(n, v)));
      return new Entry(dn, attrs);
    }
  }

  /**
   * The embedded directory over a store of its own under {@code dir}, loaded by many concurrent
   * commands so that they share the journal's fsyncs; the store is closed with the directory.
   */
  static Subject embedded(String name, java.nio.file.Path dir) {
    return new Subject(
        name,
        p -> {
          dev.msgstore.store.Store store = dev.msgstore.store.Store.open(dir);
          try {
            dev.msgstore.journal.Author admin =
                dev.msgstore.journal.Author.of("bench", "bench --only directory");
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(32)) {
              for (DirectoryDomain d : p.domains()) {
                store.execute(admin, new dev.msgstore.store.command.CreateDomainEntry(d));
              }
              List<java.util.concurrent.Future<?>> done = new ArrayList<>();
              for (DirectoryUser u : p.users()) {
                done.add(
                    pool.submit(
                        () ->
                            store.execute(
                                admin,
                                new dev.msgstore.store.command.CreateUserEntry(
                                    u, dev.msgstore.journal.event.PasswordHash.NONE))));
              }
              for (var f : done) {
                f.get();
              }
            }
            return new ClosingStore(
                new dev.msgstore.store.directory.EmbeddedDirectory(store), store);
          } catch (Exception | Error e) {
            store.close();
            throw e;
          }
        });
  }

  /** A directory whose close also closes the store it reads. */
  private record ClosingStore(Directory directory, dev.msgstore.store.Store store)
      implements Directory {
    @Override
    public java.util.Optional<DirectoryUser> user(String name) {
      return directory.user(name);
    }

    @Override
    public java.util.Optional<DirectoryUser> userByAddress(String address) {
      return directory.userByAddress(address);
    }

    @Override
    public java.util.Optional<DirectoryDomain> domain(String name) {
      return directory.domain(name);
    }

    @Override
    public List<DirectoryUser> users(String pattern) {
      return directory.users(pattern);
    }

    @Override
    public List<DirectoryDomain> domains(String pattern) {
      return directory.domains(pattern);
    }

    @Override
    public boolean authenticate(String name, char[] password) {
      return directory.authenticate(name, password);
    }

    @Override
    public boolean writable() {
      return directory.writable();
    }

    @Override
    public String describe() {
      return directory.describe();
    }

    @Override
    public void close() {
      directory.close();
      store.close();
    }
  }
}
