package dev.msgstore.commands.configutil;

import static dev.msgstore.commands.configutil.ConfigutilFixture.raw;
import static dev.msgstore.commands.configutil.ConfigutilFixture.run;
import static dev.msgstore.commands.configutil.ConfigutilFixture.withInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.commands.configutil.ConfigutilFixture.Run;
import dev.msgstore.store.Store;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -i (all or nothing, one commit), -f (a file, no journal) and language variants. */
class ConfigutilImportFileTest {
  @TempDir Path root;
  @TempDir Path dir;

  long lastIndex() {
    try (Store s = Store.open(root)) {
      return s.journal().lastIndex();
    }
  }

  @Test
  void anImportIsOneCommit() throws IOException {
    run(root, "-o", "store.cleanupsize", "-v", "9");
    long before = lastIndex();
    Path in =
        Files.writeString(
            dir.resolve("config.cfg"),
            """
        # moved partitions
        store.partition.two.path = /srv/two
        store.cleanupage = "48"
        store.cleanupsize =
        """);
    Run r = run(root, "-i", in.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        "configutil: restart the message store services for store.partition.two.path to take"
            + " effect\n",
        r.err());
    assertEquals(before + 1, lastIndex());
    // the store.* options: other areas' defaults (local.ugldap*) are listed too
    assertEquals(
        "store.cleanupage = 48\nstore.cleanupsize = 1\nstore.directory = embedded\nstore.fileaccess = owner\nstore.journal.archiveafter = 0\nstore.partition.two.path = /srv/two\n"
            + "store.vault.retention = 0\n",
        run(root)
            .out()
            .lines()
            .filter(l -> l.startsWith("store."))
            .collect(java.util.stream.Collectors.joining("\n", "", "\n")));
  }

  @Test
  void aPartlyInvalidOrMalformedImportAppliesNothing() throws IOException {
    run(root, "-o", "store.cleanupage", "-v", "24");
    long before = lastIndex();
    Path bad =
        Files.writeString(
            dir.resolve("bad.cfg"),
            """
        store.cleanupsize = 5
        store.cleanupage = abc
        store.partition.two.path = two
        """);
    assertEquals(
        new Run(
            65,
            "",
            "configutil: "
                + bad
                + ": store.cleanupage takes a uint: not an unsigned integer: '["
                + bad
                + ", line 2]' (and 1 more); nothing imported\n"),
        run(root, "-i", bad.toString()));
    Path malformed = Files.writeString(dir.resolve("m.cfg"), "store.cleanupsize = 5\noops\n");
    assertEquals(
        new Run(
            65,
            "",
            "configutil: " + malformed + ": line 2: expected 'name = value'; nothing imported\n"),
        run(root, "-i", malformed.toString()));
    Path unknown = Files.writeString(dir.resolve("u.cfg"), "store.cleanupsise = 5\n");
    assertTrue(
        run(root, "-i", unknown.toString()).err().contains("did you mean store.cleanupsize"));
    assertEquals(66, run(root, "-i", dir.resolve("none.cfg").toString()).exit());
    assertEquals(before, lastIndex());
    assertEquals(
        "store.cleanupage = 24\nstore.cleanupsize = 1\n", run(root, "-p", "store.c").out());
  }

  @Test
  void minusImportsStandardInputAllOrNothing() {
    run(root, "-o", "store.cleanupage", "-v", "24");
    long before = lastIndex();
    assertEquals(
        new Run(
            65,
            "",
            "configutil: standard input: store.cleanupage takes a uint: not an unsigned integer:"
                + " '[standard input, line 2]'; nothing imported\n"),
        withInput(root, "store.cleanupsize = 5\nstore.cleanupage = abc\n", "-i", "-"));
    assertEquals(
        new Run(
            65,
            "",
            "configutil: standard input: line 2: expected 'name = value'; nothing" + " imported\n"),
        withInput(root, "store.cleanupsize = 5\noops\n", "-i", "-"));
    assertEquals(before, lastIndex());
    Run r = withInput(root, "store.cleanupsize = 5\nstore.cleanupage =\n", "-i", "-");
    assertEquals(new Run(0, "", ""), r);
    assertEquals(before + 1, lastIndex());
    assertEquals("store.cleanupage = 0\nstore.cleanupsize = 5\n", run(root, "-p", "store.c").out());
  }

  @Test
  void minusFWorksOnAFileAndNotOnTheStore() throws IOException {
    Path conf = dir.resolve("msg.conf");
    assertEquals(
        new Run(0, "", ""),
        raw("configutil", "-f", conf.toString(), "-o", "store.cleanupage", "-v", "7"));
    assertEquals(
        new Run(0, "7\n", ""), raw("configutil", "-f", conf.toString(), "-o", "store.cleanupage"));
    assertTrue(Files.readString(conf).contains("\nstore.cleanupage = 7\n"));
    Files.writeString(conf, "store.cleanupage = 7\nstore.partition.a.path = rel\n");
    Run v = raw("configutil", "-f", conf.toString(), "-V");
    assertEquals(65, v.exit());
    assertTrue(v.out().startsWith("store.partition.a.path = rel:"), v.out());
    raw("configutil", "-f", conf.toString(), "-o", "store.partition.a.path", "-d");
    assertEquals(
        "store.cleanupage = 7\n",
        Files.readString(conf)
            .lines()
            .filter(l -> !l.startsWith("#"))
            .map(l -> l + "\n")
            .reduce("", String::concat));
    assertFalse(Files.exists(root.resolve("journal")));
  }

  @Test
  void languageVariantsWhereTheCatalogHasThem() throws IOException {
    OptionCatalog catalog =
        OptionCatalog.load(
            new StringReader(
                """
                [test.message]
                description = A message.
                syntax = string
                default = Over quota
                flags = MSG_REFRESH_IMAP
                refreshable = yes
                variants = yes
                """));
    Path conf = dir.resolve("variants.conf");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliContext ctx =
        new CliContext(
            new PrintWriter(out, true), new PrintWriter(err, true), Map.of(), "tester", List.of());
    try (FileTarget t = new FileTarget(catalog, conf, ctx)) {
      Configutil u = new Configutil(t, new PrintWriter(out, true), new PrintWriter(err, true));
      u.set("test.message;lang-jp", "容量超過");
      u.get("test.message;lang-jp", false, false);
      u.get("test.message;lang-de", false, false); // falls back to the option's value
      u.get("test.message", false, false);
      u.list(NamePattern.of("test"), false, false); // without a language: no variants
      u.list(NamePattern.of("test*;lang-*"), true, false);
      u.get("test.message;lang-jp", false, true);
    }
    assertEquals(
        """
        容量超過
        Over quota
        Over quota
        test.message = "Over quota"
        test.message;lang-jp = 容量超過 [REFRESHABLE]
        Configuration option: test.message
                Description: A message.
                Flags: MSG_REFRESH_IMAP
                Syntax: string
                Default: Over quota
        test.message;lang-jp is currently set to: 容量超過
        """,
        out.toString());
    assertEquals("", err.toString()); // a file is not live: no refresh notice
    assertTrue(Files.readString(conf).contains("test.message;lang-jp = 容量超過"));
  }
}
