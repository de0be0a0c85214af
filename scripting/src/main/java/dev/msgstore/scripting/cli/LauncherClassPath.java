package dev.msgstore.scripting.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * Makes the launcher's class path one that a JDK 25 AOT cache holds whole. The cache leaves out
 * every class whose class file is older than Java 6 (version 50: it cannot be verified when the
 * cache is made), and three libraries on our path are built that old: picocli, which every verb
 * starts with, and ASM and jnr-x86asm, with which Chronicle makes its native stubs when a store
 * opens. Those classes were then parsed and verified by the old inferencing verifier on every run.
 *
 * <p>Run at {@code package} on {@code launcher.classpath}: a copy of each such jar, its old classes
 * rewritten at version 52 with stack map frames that ASM computes (no instruction changes), goes to
 * a directory of copies, and the class path file names the copy instead. The file is written on
 * every run, which also tells the launcher the build is current. The native libraries of LMDB and
 * jffi are taken out of their jars beside the copies ({@link LauncherNativeLibraries}).
 */
public final class LauncherClassPath {
  /** The first class file version an AOT cache holds (Java 6), and the one copies get (Java 8). */
  static final int OLDEST_CACHED = 50;

  private static final int WRITTEN = Opcodes.V1_8;

  /** Where, among the copies, the native libraries go ({@link LauncherNativeLibraries}). */
  static final String NATIVE = "native";

  private LauncherClassPath() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: LauncherClassPath CLASSPATH_FILE COPIES_DIR");
    }
    Path file = Path.of(args[0]);
    List<Path> entries = new ArrayList<>();
    for (String e : Files.readString(file, StandardCharsets.UTF_8).strip().split(":")) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e));
      }
    }
    List<Path> rewritten = rewrite(entries, Path.of(args[1]));
    LauncherNativeLibraries.extract(rewritten, Path.of(args[1]).resolve(NATIVE));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, String.join(":", rewritten.stream().map(Path::toString).toList()));
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The class path {@code entries} with each jar that holds a class file older than {@link
   * #OLDEST_CACHED} replaced by an upgraded copy in {@code copies}; a copy already made from the
   * same jar is kept.
   */
  static List<Path> rewrite(List<Path> entries, Path copies) throws IOException {
    Files.createDirectories(copies);
    List<Path> out = new ArrayList<>();
    Set<Path> names = new HashSet<>();
    try (URLClassLoader loader = loaderOf(entries)) {
      for (Path entry : entries) {
        Path copy = copies.resolve(entry.getFileName());
        if (entry.startsWith(copies)
            || !entry.toString().endsWith(".jar")
            || !names.add(entry.getFileName())
            || !Files.isRegularFile(entry)
            || !hasOldClasses(entry)) {
          out.add(entry);
          continue;
        }
        if (!Files.exists(copy)
            || Files.getLastModifiedTime(copy).compareTo(Files.getLastModifiedTime(entry)) < 0) {
          Path tmp = copies.resolve(entry.getFileName() + ".tmp");
          upgrade(entry, tmp, loader);
          Files.move(
              tmp, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        out.add(copy);
      }
    }
    return out;
  }

  /** Whether {@code jar} holds a class file older than {@link #OLDEST_CACHED}. */
  static boolean hasOldClasses(Path jar) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (isClass(e) && isOld(in.readNBytes(8))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Copies {@code jar} to {@code target} entry by entry, in order, with each old class file
   * rewritten. A signed jar would no longer verify, so it is refused; a class ASM cannot rewrite
   * keeps its bytes (the cache then leaves it out, as before).
   */
  static void upgrade(Path jar, Path target, ClassLoader loader) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(jar));
        OutputStream file = Files.newOutputStream(target);
        ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().startsWith("META-INF/") && e.getName().endsWith(".SF")) {
          throw new IOException(jar + " is signed: its classes cannot be rewritten");
        }
        byte[] bytes = in.readAllBytes();
        if (isClass(e) && isOld(bytes)) {
          bytes = upgrade(bytes, loader);
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setTime(e.getTime());
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
  }

  /**
   * One class file at version 52, its stack map frames computed; the same bytes when ASM cannot
   * (JSR/RET subroutines, say). {@code loader} finds the classes the frames' common supertypes
   * need.
   */
  static byte[] upgrade(byte[] classFile, ClassLoader loader) {
    try {
      ClassReader reader = new ClassReader(classFile);
      ClassWriter writer =
          new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected ClassLoader getClassLoader() {
              return loader;
            }
          };
      reader.accept(
          new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(
                int version,
                int access,
                String name,
                String signature,
                String superName,
                String[] interfaces) {
              super.visit(WRITTEN, access, name, signature, superName, interfaces);
            }
          },
          ClassReader.SKIP_FRAMES);
      return writer.toByteArray();
    } catch (RuntimeException | LinkageError e) {
      return classFile;
    }
  }

  /** A class file's major version, from its first eight bytes. */
  static int version(byte[] classFile) {
    return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
  }

  private static boolean isOld(byte[] head) {
    return head.length >= 8 && version(head) < OLDEST_CACHED;
  }

  private static boolean isClass(ZipEntry e) {
    // multi-release entries (META-INF/versions/N/...) are new by definition
    return !e.isDirectory()
        && e.getName().endsWith(".class")
        && !e.getName().startsWith("META-INF/");
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
