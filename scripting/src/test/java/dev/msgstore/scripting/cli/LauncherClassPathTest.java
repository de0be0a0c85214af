package dev.msgstore.scripting.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's class path names upgraded copies of the jars whose class files are too old for an
 * AOT cache, and the copies hold the same classes, which verify and run.
 */
class LauncherClassPathTest {
  @TempDir Path dir;

  private static Path jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static Map<String, byte[]> entries(Path jar) throws IOException {
    Map<String, byte[]> m = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        m.put(e.getName(), in.readAllBytes());
      }
    }
    return m;
  }

  @Test
  void picocliIsCopiedWithEveryClassNewEnoughForTheCache() throws Exception {
    Path picocli = jarOf(CommandLine.class);
    Path classes = jarOf(LauncherClassPathTest.class); // test-classes: a directory, never copied
    assertTrue(LauncherClassPath.hasOldClasses(picocli), "picocli's own jar is Java 5");
    Path copies = dir.resolve("copies");

    List<Path> path = LauncherClassPath.rewrite(List.of(classes, picocli), copies);

    Path copy = copies.resolve(picocli.getFileName());
    assertEquals(List.of(classes, copy), path);
    assertFalse(LauncherClassPath.hasOldClasses(copy));
    Map<String, byte[]> before = entries(picocli);
    Map<String, byte[]> after = entries(copy);
    assertEquals(new ArrayList<>(before.keySet()), new ArrayList<>(after.keySet()));
    for (var e : before.entrySet()) {
      byte[] b = after.get(e.getKey());
      if (e.getKey().endsWith(".class") && !e.getKey().startsWith("META-INF/")) {
        assertEquals(52, LauncherClassPath.version(b), e.getKey());
      } else {
        assertArrayEquals(e.getValue(), b, e.getKey()); // the manifest, resources
      }
    }
    // a second build keeps the copy it made
    var made = Files.getLastModifiedTime(copy);
    assertEquals(path, LauncherClassPath.rewrite(List.of(classes, picocli), copies));
    assertEquals(made, Files.getLastModifiedTime(copy));
  }

  @Test
  void theUpgradedClassesVerifyAndParseACommandLine() throws Exception {
    Path copy = LauncherClassPath.rewrite(List.of(jarOf(CommandLine.class)), dir).get(0);
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {copy.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      // initialising a class links it, which runs the type-checking verifier over every method
      for (String name : entries(copy).keySet()) {
        if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
          Class.forName(name.replace('/', '.').replace(".class", ""), true, loader);
        }
      }
      Class<?> commandLine = Class.forName("picocli.CommandLine", true, loader);
      assertEquals(loader, commandLine.getClassLoader());
      Class<?> spec = Class.forName("picocli.CommandLine$Model$CommandSpec", true, loader);
      Object command = spec.getMethod("create").invoke(null);
      Class<?> optionSpec = Class.forName("picocli.CommandLine$Model$OptionSpec", true, loader);
      Object builder =
          optionSpec
              .getMethod("builder", String[].class)
              .invoke(null, (Object) new String[] {"-n"});
      var type = builder.getClass().getMethod("type", Class.class);
      type.setAccessible(true); // declared by a builder class that is not public
      type.invoke(builder, int.class);
      spec.getMethod("addOption", optionSpec)
          .invoke(command, builder.getClass().getMethod("build").invoke(builder));
      Object cl = commandLine.getConstructor(Object.class).newInstance(command);
      Object parsed =
          commandLine
              .getMethod("parseArgs", String[].class)
              .invoke(cl, (Object) new String[] {"-n", "42"});
      Object value =
          parsed
              .getClass()
              .getMethod("matchedOptionValue", String.class, Object.class)
              .invoke(parsed, "n", 0);
      assertEquals(42, value);
    }
  }

  @Test
  void theNativeLibrariesOfLmdbAndJffiAreTakenOutOfTheirJars() throws Exception {
    ClassLoader loader = LauncherClassPathTest.class.getClassLoader();
    Class<?> target = Class.forName("org.lmdbjava.TargetName");
    Class<?> stub = Class.forName("com.kenai.jffi.internal.StubLoader");
    String lmdb = (String) target.getField("RESOLVED_FILENAME").get(null);
    String jffi = System.mapLibraryName("jffi-1.2");
    String jffiResource = "jni/" + stub.getMethod("getPlatformName").invoke(null) + "/" + jffi;
    // the jars of both libraries and of their native files, as on the launcher's class path
    List<Path> classPath =
        List.of(
            jarOf(target), jarHolding(loader, lmdb), jarOf(stub), jarHolding(loader, jffiResource));
    Path natives = dir.resolve("native");
    Files.createDirectories(natives);
    Files.writeString(natives.resolve("left-by-an-older-build.so"), "old");

    List<String> written = LauncherNativeLibraries.extract(classPath, natives);

    assertEquals(List.of(LauncherNativeLibraries.LMDB, jffi), written);
    try (var files = Files.list(natives)) {
      assertEquals(
          List.of(jffi, LauncherNativeLibraries.LMDB),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    try (var in = loader.getResourceAsStream(lmdb)) {
      assertArrayEquals(
          in.readAllBytes(), Files.readAllBytes(natives.resolve(LauncherNativeLibraries.LMDB)));
    }
    try (var in = loader.getResourceAsStream(jffiResource)) {
      assertArrayEquals(in.readAllBytes(), Files.readAllBytes(natives.resolve(jffi)));
    }
  }

  /** The jar a resource is in. */
  private static Path jarHolding(ClassLoader loader, String resource) throws Exception {
    String url = loader.getResource(resource).toString(); // jar:file:/…/x.jar!/resource
    assertTrue(url.startsWith("jar:file:"), url);
    return Path.of(new java.net.URI(url.substring("jar:".length(), url.indexOf("!/"))));
  }

  @Test
  void aJarWithoutOldClassesStaysWhereItIs() throws Exception {
    Path junit = jarOf(Test.class);
    assertFalse(LauncherClassPath.hasOldClasses(junit));
    assertEquals(List.of(junit), LauncherClassPath.rewrite(List.of(junit), dir.resolve("c")));
    assertFalse(Files.exists(dir.resolve("c").resolve(junit.getFileName())));
  }
}
