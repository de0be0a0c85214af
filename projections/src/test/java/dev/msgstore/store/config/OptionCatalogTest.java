package dev.msgstore.store.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionCatalogTest {
  static OptionCatalog variants() throws IOException {
    return OptionCatalog.load(
        new InputStreamReader(
            Objects.requireNonNull(OptionCatalogTest.class.getResourceAsStream("variants.catalog")),
            StandardCharsets.UTF_8));
  }

  @Test
  void theStandardCatalogListsWhatTheStoreReads() {
    OptionCatalog c = OptionCatalog.standard();
    List<String> names = c.specs().stream().map(OptionSpec::name).toList();
    assertEquals(names.stream().sorted().toList(), names);
    assertTrue(
        names.containsAll(
            List.of(
                "store.cleanupage",
                "store.cleanupsize",
                "store.fileaccess",
                "store.partition.*.path")),
        names.toString());
    assertEquals(
        List.of("owner", "group-read", "group-write"),
        c.spec("store.fileaccess").orElseThrow().values());
    OptionSpec path = c.spec("store.partition.two.path").orElseThrow();
    assertEquals("store.partition.*.path", path.name());
    assertEquals(Syntax.FILEPATH, path.syntax());
    assertEquals(Optional.of("restart the message store services"), path.afterChange());
    assertFalse(path.refreshable());
    // the defaults mboxutil -C falls back to
    assertEquals("0", c.spec("store.cleanupage").orElseThrow().defaultValue());
    assertEquals("1", c.spec("store.cleanupsize").orElseThrow().defaultValue());
  }

  @Test
  void aWildcardStandsForOneNameComponent() {
    OptionCatalog c = OptionCatalog.standard();
    assertTrue(c.spec("store.partition.a.b.path").isEmpty());
    assertTrue(c.spec("store.partition..path").isEmpty());
  }

  @Test
  void syntaxes() {
    assertEquals(Optional.empty(), Syntax.TCPPORT.problem("65535"));
    assertEquals(
        Optional.of("not a TCP port (1 to 65535): '70000'"), Syntax.TCPPORT.problem("70000"));
    assertTrue(Syntax.TCPPORT.problem("0").isPresent());
    assertTrue(Syntax.UINT16.problem("0").isEmpty());
    assertTrue(Syntax.UINT16.problem("65536").isPresent());
    assertEquals(Optional.of("not an integer: 'abc'"), Syntax.INT.problem("abc"));
    assertTrue(Syntax.INT.problem("-3").isEmpty());
    assertTrue(Syntax.UINT.problem("-3").isPresent());
    assertEquals(
        Optional.of("not an absolute path: 'data/two'"), Syntax.FILEPATH.problem("data/two"));
    assertTrue(Syntax.FILEPATH.problem("/srv/two").isEmpty());
    for (String b : List.of("yes", "No", "true", "FALSE", "on", "off", "1", "0")) {
      assertTrue(Syntax.BOOL.problem(b).isEmpty(), b);
    }
    assertTrue(Syntax.BOOL.problem("maybe").isPresent());
    assertTrue(Syntax.isTrue("Yes"));
    assertTrue(Syntax.STRING.problem("anything at all").isEmpty());
  }

  @Test
  void unknownNamesComeWithTheClosestKnownOnes() {
    UnknownOptionException e =
        assertThrows(
            UnknownOptionException.class,
            () -> OptionCatalog.standard().require("store.cleanupag"));
    assertEquals(List.of("store.cleanupage", "store.cleanupsize"), e.suggestions());
    assertEquals(
        "unknown option store.cleanupag; did you mean store.cleanupage, store.cleanupsize?",
        e.getMessage());
    assertEquals(List.of(), OptionCatalog.standard().suggestions("zzzzzzzzzzzzzzzzzzzzzzzzz.q"));
  }

  @Test
  void languageVariantsOnlyWhereTheCatalogSaysSo() throws IOException {
    OptionCatalog c = variants();
    assertEquals("test.message", c.require("test.message;lang-jp").name());
    assertEquals(
        Optional.of("test.port does not take language variants"),
        c.problem("test.port;lang-jp", "143"));
    assertThrows(IllegalArgumentException.class, () -> c.require("test.message;jp"));
    assertEquals(Optional.of("refresh the IMAP service"), c.require("test.message").afterChange());
    assertEquals(Optional.of("restart the IMAP service"), c.require("test.port").afterChange());
    assertEquals(
        Optional.of("store.cleanupage does not take language variants"),
        OptionCatalog.standard().problem("store.cleanupage;lang-de", "3"));
  }

  @Test
  void effectiveValuesAreDefaultsUnderOverridesAndVariantsFallBack() throws IOException {
    EffectiveConfig e =
        new EffectiveConfig(
            variants(), Map.of("test.message;lang-jp", "容量超過", "test.port", "70000"));
    assertEquals(Optional.of("容量超過"), e.value("test.message;lang-jp"));
    assertEquals(Optional.of("Over quota"), e.value("test.message;lang-de"));
    assertEquals(Optional.of("no"), e.value("test.enable"));
    assertEquals(
        List.of(
            "test.port = 70000: test.port takes a tcpport: not a TCP port (1 to 65535): '70000'"),
        e.problems());
    assertEquals(List.of("test.message;lang-jp"), e.instancesOf(c(e, "test.message")));
  }

  private static OptionSpec c(EffectiveConfig e, String name) {
    return e.catalog().spec(name).orElseThrow();
  }

  @Test
  void aMalformedCatalogIsRefusedWithItsLine() {
    IOException e =
        assertThrows(
            IOException.class,
            () -> OptionCatalog.load(new StringReader("[a.b]\ndescription = x\nsyntax = nope\n")));
    assertTrue(e.getMessage().contains("a.b"), e.getMessage());
    assertThrows(IOException.class, () -> OptionCatalog.load(new StringReader("colour = red\n")));
  }

  @Test
  void msgConfRoundTrips() throws IOException {
    Map<String, String> m =
        Map.of("a", "plain", "b", "%h %p service (%P %V)", "c", "say \"hi\" \\ #1", "d", "");
    String text = MsgConf.format("header", m);
    assertTrue(text.contains("b = \"%h %p service (%P %V)\"\n"), text);
    assertEquals(m, MsgConf.parse(text.lines().toList()));
    assertThrows(MsgConf.MalformedException.class, () -> MsgConf.parse(List.of("no equals sign")));
    assertThrows(MsgConf.MalformedException.class, () -> MsgConf.parse(List.of("a = \"open")));
  }
}
