package dev.msgstore.commands.configutil;

import static dev.msgstore.commands.configutil.ConfigutilFixture.golden;
import static dev.msgstore.commands.configutil.ConfigutilFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.commands.cli.CliContext;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reference's layouts for -H, -m and -p, with this store's options. */
class ConfigutilGoldenTest {
  static final String BASE = "/opt/msgstore/data/store/partition/";

  @TempDir Path root;

  @BeforeEach
  void partitions() {
    for (String p : new String[] {"primary", "two", "three"}) {
      assertEquals(0, run(root, "-o", "store.partition." + p + ".path", "-v", BASE + p).exit());
    }
    assertEquals(0, run(root, "-o", "store.cleanupage", "-v", "24").exit());
  }

  void assertGolden(String file, String... args) throws IOException {
    ConfigutilFixture.Run r = run(root, args);
    assertEquals("", r.err());
    assertEquals(0, r.exit());
    assertEquals(golden(file), r.out());
  }

  @Test
  void helpOnThePartitionPaths() throws IOException {
    assertGolden("help-partitions.txt", "-p", "store.partition.*.path", "-H");
  }

  @Test
  void helpOnEverything() throws IOException {
    assertGolden("help-all.txt", "-H");
  }

  @Test
  void helpOnOneOption() throws IOException {
    assertGolden("help-cleanupsize.txt", "-o", "store.cleanupsize", "-H");
  }

  /** The reference's own sample (configutil -p \\*.port -H), from a catalog of its option. */
  @Test
  void helpBlockIsTheReferencesSample(@TempDir Path dir) throws IOException {
    OptionCatalog catalog =
        OptionCatalog.load(
            new StringReader(
                """
                [local.snmp.port]
                description = SNMP subagent port number.
                syntax = uint
                default = 0
                flags =
                refreshable = no
                variants = no
                """));
    StringWriter out = new StringWriter();
    PrintWriter print = new PrintWriter(out, true);
    CliContext ctx = new CliContext(print, print, Map.of(), "tester", List.of());
    try (FileTarget t = new FileTarget(catalog, dir.resolve("msg.conf"), ctx)) {
      new Configutil(t, print, print).list(NamePattern.of("*.port"), false, true);
    }
    assertEquals(
        """
        Configuration option: local.snmp.port
                Description: SNMP subagent port number.
                Syntax: uint
                Default: 0
        local.snmp.port is currently set to: 0
        """,
        out.toString());
  }

  @Test
  void listsEveryOptionWithAValue() throws IOException {
    assertGolden("list.txt");
  }

  @Test
  void metaDataOfThePatternsOptions() throws IOException {
    assertGolden("meta-store.txt", "-m", "-p", "store");
  }

  @Test
  void aPatternWithoutWildcardIsAPrefix() throws IOException {
    assertGolden("list-cleanup.txt", "-p", "store.cleanup");
    assertGolden("list-path.txt", "-p", "*.path");
  }
}
