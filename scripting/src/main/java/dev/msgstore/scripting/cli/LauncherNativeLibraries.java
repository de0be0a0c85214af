package dev.msgstore.scripting.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The native libraries of LMDB and of jffi (through which lmdbjava calls it), taken out of their
 * jars once, when the launcher's class path is made, for the launcher to name to every JVM ({@code
 * -Dlmdbjava.native.lib}, {@code -Djffi.boot.library.path}). Without them each JVM copies both to
 * new files in the temporary directory at its first store open: half a megabyte written, and
 * SecureRandom started for the files' names, 10 to 15 ms of CPU in a short verb; and a JVM that is
 * killed leaves its copies behind.
 *
 * <p>Each library's own code says which file this machine takes (lmdbjava's {@code TargetName},
 * jffi's {@code StubLoader}), so the choice is theirs, as at run time. A library whose file cannot
 * be found is left out, and the JVM then extracts it as before.
 */
final class LauncherNativeLibraries {
  /** The file the launcher names as LMDB's library. */
  static final String LMDB = "liblmdb.so";

  private LauncherNativeLibraries() {}

  /** Writes the libraries into {@code dir}, afresh; returns the names of those written. */
  static List<String> extract(List<Path> classPath, Path dir) throws IOException {
    Files.createDirectories(dir);
    try (var old = Files.list(dir)) {
      for (Path p : (Iterable<Path>) old::iterator) {
        Files.delete(p);
      }
    }
    List<String> written = new ArrayList<>();
    try (URLClassLoader loader = loaderOf(classPath)) {
      String lmdb = lmdbResource(loader);
      if (lmdb != null && copy(loader, lmdb, dir.resolve(LMDB))) {
        written.add(LMDB);
      }
      String[] jffi = jffiResource(loader);
      if (jffi != null && copy(loader, jffi[0], dir.resolve(jffi[1]))) {
        written.add(jffi[1]);
      }
    }
    return written;
  }

  /** lmdbjava's name for this machine's library, as its loader resolves it. */
  private static String lmdbResource(ClassLoader loader) {
    try {
      Class<?> target = Class.forName("org.lmdbjava.TargetName", true, loader);
      if ((Boolean) target.getField("IS_EXTERNAL").get(null)) {
        return null; // the build's own JVM was told of a library elsewhere
      }
      return (String) target.getField("RESOLVED_FILENAME").get(null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      System.err.println("LauncherNativeLibraries: no LMDB library (" + e + ")");
      return null;
    }
  }

  /** jffi's resource for this machine's stub library, and the file name it looks for. */
  private static String[] jffiResource(ClassLoader loader) {
    try {
      Class<?> stub = Class.forName("com.kenai.jffi.internal.StubLoader", true, loader);
      var nameField = stub.getDeclaredField("stubLibraryName");
      nameField.setAccessible(true);
      String file = System.mapLibraryName((String) nameField.get(null));
      String platform = (String) stub.getMethod("getPlatformName").invoke(null);
      return new String[] {"jni/" + platform + "/" + file, file};
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      System.err.println("LauncherNativeLibraries: no jffi library (" + e + ")");
      return null;
    }
  }

  private static boolean copy(ClassLoader loader, String resource, Path target) throws IOException {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        System.err.println("LauncherNativeLibraries: " + resource + " is in no jar");
        return false;
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  private static URLClassLoader loaderOf(List<Path> entries) {
    List<URL> urls = new ArrayList<>();
    for (Path p : entries) {
      try {
        urls.add(p.toUri().toURL());
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}
