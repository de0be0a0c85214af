package dev.msgstore.commands.configutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.msgstore.commands.VerbRun;
import dev.msgstore.journal.Author;
import dev.msgstore.store.Store;
import dev.msgstore.store.command.SetConfig;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.MsgConf;
import dev.msgstore.store.config.OptionCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each mode of {@code configutil} leaves as its result, against the configuration held. */
class ConfigutilResultTest {
  static final Author ADMIN = new Author("admin", "test setup", "mailhost", 1);

  @TempDir Path root;
  @TempDir Path dir;

  @BeforeEach
  void store() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.cleanupage", "24"));
      s.execute(ADMIN, new SetConfig("store.partition.second.path", "/srv/second"));
    }
  }

  VerbRun configutil(String... args) {
    List<String> all = new ArrayList<>(List.of("configutil", "--store", root.toString()));
    all.addAll(List.of(args));
    return VerbRun.run(all.toArray(String[]::new));
  }

  EffectiveConfig config() {
    try (Store s = Store.open(root)) {
      return s.config();
    }
  }

  @Test
  void aListingIsTheValuesByName() {
    VerbRun r = configutil();
    assertEquals(0, r.exit(), r.err());
    Map<?, ?> listed = r.result(Map.class);
    assertEquals(config().values(), listed);
    assertEquals("24", listed.get("store.cleanupage"));
    assertEquals("1", listed.get("store.cleanupsize"), "a default");
    assertEquals(
        List.copyOf(listed.keySet()), r.out().lines().map(l -> l.split(" = ")[0]).toList());
    assertEquals(
        Map.of("store.cleanupage", "24", "store.cleanupsize", "1"),
        configutil("-p", "store.cleanup").result());
  }

  @Test
  void metaDataAndHelpAreTheOptionsWithTheirCatalogEntries() {
    OptionCatalog catalog = config().catalog();
    List<OptionValue> meta = configutil("-m", "-p", "store.").list(OptionValue.class);
    assertEquals(
        List.of(
            "store.cleanupage",
            "store.cleanupsize",
            "store.directory",
            "store.fileaccess",
            "store.journal.archiveafter",
            "store.partition.second.path",
            "store.vault.retention"),
        meta.stream().map(OptionValue::name).toList());
    for (OptionValue v : meta) {
      assertEquals(config().value(v.name()).orElseThrow(), v.value());
      assertEquals(catalog.require(v.name()), v.spec());
    }
    assertTrue(meta.get(0).spec().refreshable());
    assertFalse(meta.get(2).spec().refreshable());
    assertFalse(meta.get(5).spec().refreshable());

    List<OptionValue> help = configutil("-H", "-p", "store.partition").list(OptionValue.class);
    assertEquals(
        List.of(
            new OptionValue(
                "store.partition.second.path",
                "/srv/second",
                catalog.require("store.partition.second.path"))),
        help);
    assertEquals("Controls the store index file directory path.", help.get(0).spec().description());
  }

  @Test
  void getIsTheOptionAndItsValue() {
    OptionCatalog catalog = config().catalog();
    assertEquals(
        new OptionValue("store.cleanupage", "24", catalog.require("store.cleanupage")),
        configutil("-o", "store.cleanupage").result());
    assertEquals(
        new OptionValue(
            "store.partition.third.path", null, catalog.require("store.partition.third.path")),
        configutil("-o", "store.partition.third.path").result(),
        "unset and without a default");
    VerbRun h = configutil("-o", "store.cleanupsize", "-H");
    assertEquals("1", h.result(OptionValue.class).value());
    assertTrue(h.out().contains("Default: 1"), h.out());
  }

  @Test
  void aChangeIsWhatReallyChanged() {
    assertEquals(
        List.of(new OptionChange("store.cleanupage", "24", "48")),
        configutil("-o", "store.cleanupage", "-v", "48").result());
    assertEquals("48", config().overrides().get("store.cleanupage"));
    assertEquals(List.of(), configutil("-o", "store.cleanupage", "-v", "48").result(), "unchanged");
    assertEquals(
        List.of(new OptionChange("store.cleanupsize", null, "5")),
        configutil("-o", "store.cleanupsize", "-v", "5").result());
    assertEquals(
        List.of(new OptionChange("store.cleanupage", "48", null)),
        configutil("-o", "store.cleanupage", "-d").result());
    assertFalse(config().overrides().containsKey("store.cleanupage"));
    assertEquals(
        List.of(new OptionChange("store.cleanupsize", "5", null)),
        configutil("-o", "store.cleanupsize", "-v", "").result());
  }

  @Test
  void anImportIsEveryOptionItChanged() throws IOException {
    Path in = dir.resolve("in.conf");
    Files.writeString(
        in, "store.cleanupage = 24\nstore.cleanupsize = 3\nstore.partition.second.path =\n");
    VerbRun r = configutil("-i", in.toString());
    assertEquals(0, r.exit(), r.err());
    assertEquals(
        List.of(
            new OptionChange("store.cleanupsize", null, "3"),
            new OptionChange("store.partition.second.path", "/srv/second", null)),
        r.result());
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("store.cleanupage", "24");
    expected.put("store.cleanupsize", "3");
    assertEquals(expected, config().overrides());
  }

  @Test
  void validationIsTheInvalidOptionsEvenThoughItFails() {
    try (Store s = Store.open(root)) {
      s.execute(ADMIN, new SetConfig("store.cleanupsize", "many"));
    }
    VerbRun r = configutil("-V");
    assertEquals(65, r.exit());
    List<InvalidOption> invalid = r.list(InvalidOption.class);
    assertEquals(1, invalid.size());
    assertEquals("store.cleanupsize", invalid.get(0).name());
    assertEquals("many", invalid.get(0).value());
    assertEquals(
        config().catalog().problem("store.cleanupsize", "many").orElseThrow(),
        invalid.get(0).problem());
    assertEquals(invalid.get(0).line() + "\n", r.out());
    assertEquals(List.of(), configutil("-V", "-f", dir.resolve("empty.conf").toString()).result());
  }

  @Test
  void aFileTargetGivesTheSameKindsOfResult() throws IOException {
    Path conf = dir.resolve("msg.conf");
    VerbRun set =
        VerbRun.run("configutil", "-f", conf.toString(), "-o", "store.cleanupage", "-v", "7");
    assertEquals(List.of(new OptionChange("store.cleanupage", null, "7")), set.result());
    assertEquals(
        Map.of("store.cleanupage", "7"),
        MsgConf.parse(Files.readAllLines(conf, StandardCharsets.UTF_8)));
    VerbRun get = VerbRun.run("configutil", "-f", conf.toString(), "-o", "store.cleanupage");
    assertEquals("7", get.result(OptionValue.class).value());
    assertEquals("24", config().overrides().get("store.cleanupage"), "the store is not the file");
  }

  @Test
  void aRefusedChangeLeavesNoResult() {
    VerbRun r = configutil("-o", "store.cleanupage", "-v", "soon");
    assertEquals(65, r.exit());
    assertNull(r.result());
    assertEquals("24", config().overrides().get("store.cleanupage"));
  }
}
