package dev.msgstore.store.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The catalog's rule: an option no code reads is a defect. Every catalog name (for a wildcard, each
 * of its fixed parts, in one file) must appear in a main source file of the repository, other than
 * the catalog package itself.
 */
class OptionCatalogSourceTest {
  @Test
  void everyOptionOfTheCatalogIsReadBySomeCode() throws IOException {
    Path repo = Path.of("..").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(repo.resolve("pom.xml")), "repo root not found from " + repo);
    List<String> sources = mainSources(repo);
    assertTrue(sources.size() > 50, "too few sources found: " + sources.size());
    List<String> unread = new ArrayList<>();
    for (OptionSpec spec : OptionCatalog.standard().specs()) {
      List<String> parts =
          Arrays.stream(spec.name().split("\\*")).filter(p -> !p.isEmpty()).toList();
      if (sources.stream().noneMatch(src -> parts.stream().allMatch(src::contains))) {
        unread.add(spec.name());
      }
    }
    assertEquals(List.of(), unread, "options in the catalog that no code reads");
  }

  private static List<String> mainSources(Path repo) throws IOException {
    try (Stream<Path> files = Files.walk(repo)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .filter(p -> p.toString().contains("/src/main/"))
          .filter(p -> !p.toString().contains("/dev/msgstore/store/config/"))
          .filter(p -> !p.toString().contains("/target/"))
          .map(OptionCatalogSourceTest::read)
          .toList();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
