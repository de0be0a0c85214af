package dev.msgstore.commands.configutil;

import static dev.msgstore.commands.configutil.ConfigutilFixture.golden;
import static dev.msgstore.commands.configutil.ConfigutilFixture.run;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
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
