package dev.msgstore.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who may read a store's files. A store holds every user's mail, so by default its root is 0700 and
 * every file in it 0600, whatever the process's umask; {@code store.fileaccess} may open it to the
 * owning group, for reading (0750/0640) or also writing (0770/0660).
 *
 * <p>One rule makes the policy hold without passing it through every layer: a directory or file the
 * store creates takes the mode of the directory it is created in (a file without the execute bits).
 * Only the store root (and each partition's root) is set from the option; {@link #conform} brings a
 * tree that was created before, or by a library under the process's umask (LMDB's lock file,
 * Chronicle's metadata), in line.
 */
public final class FileModes {
  /** The default: the owner only. */
  public static final Set<PosixFilePermission> PRIVATE =
      PosixFilePermissions.fromString("rwx------");

  private FileModes() {}

  /**
   * The directory mode for a value of {@code store.fileaccess}: {@code owner} (the default), {@code
   * group-read} or {@code group-write}.
   */
  public static Set<PosixFilePermission> forAccess(String access) {
    return switch (access) {
      case "owner" -> PRIVATE;
      case "group-read" -> PosixFilePermissions.fromString("rwxr-x---");
      case "group-write" -> PosixFilePermissions.fromString("rwxrwx---");
      default ->
          throw new IllegalArgumentException(
              "store.fileaccess is " + access + "; it takes owner, group-read or group-write");
    };
  }

  /** A file's mode in a directory of mode {@code directory}: the same bits, none to execute. */
  public static Set<PosixFilePermission> fileMode(Set<PosixFilePermission> directory) {
    Set<PosixFilePermission> file = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission p : directory) {
      switch (p) {
        case OWNER_EXECUTE, GROUP_EXECUTE, OTHERS_EXECUTE -> {}
        default -> file.add(p);
      }
    }
    return file;
  }

  /**
   * The attribute to create a file in {@code dir} with (the umask may still take bits away; none
   * are added later for the private default, so nothing is readable by others even for a moment).
   */
  public static FileAttribute<?>[] newFileIn(Path dir) {
    Set<PosixFilePermission> mode = modeOf(dir);
    return mode == null
        ? new FileAttribute<?>[0]
        : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(fileMode(mode))};
  }

  /** The mode, as a number, for a file a library creates in {@code dir} (LMDB takes one). */
  public static int newFileModeIn(Path dir) {
    Set<PosixFilePermission> mode = modeOf(dir);
    return octal(fileMode(mode == null ? PRIVATE : mode));
  }

  /**
   * Creates {@code dir} and its missing parents, each with the mode of the nearest directory that
   * exists above it; a store root that does not exist yet gets {@code rootMode}.
   */
  public static Path createDirectories(Path dir) throws IOException {
    Path absolute = dir.toAbsolutePath();
    Path existing = absolute;
    while (existing != null && !Files.isDirectory(existing)) {
      existing = existing.getParent();
    }
    Set<PosixFilePermission> mode = existing == null ? null : modeOf(existing);
    if (mode == null) {
      return Files.createDirectories(dir);
    }
    Path d = existing;
    for (Path name : existing.relativize(absolute)) {
      d = d.resolve(name);
      if (!Files.isDirectory(d)) {
        create(d, mode);
      }
    }
    return dir;
  }

  /**
   * Creates {@code root} (and missing parents, which keep the umask's mode: they are not the
   * store's) with {@code mode}, or gives an existing one that mode.
   */
  public static void createRoot(Path root, Set<PosixFilePermission> mode) {
    try {
      Path parent = root.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!Files.isDirectory(root)) {
        create(root, mode);
      } else {
        setMode(root, mode);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store directory " + root, e);
    }
  }

  /**
   * Gives {@code root} the mode {@code directory}, every directory below it the same, and every
   * file the {@link #fileMode} of it. Symbolic links are neither followed nor changed: a partition
   * elsewhere is conformed by its own call. Files that vanish while it walks are passed over.
   */
  public static void conform(Path root, Set<PosixFilePermission> directory) {
    if (!Files.isDirectory(root) || modeOf(root) == null) {
      return;
    }
    Set<PosixFilePermission> file = fileMode(directory);
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs)
                throws IOException {
              setModeIfOwn(d, directory);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
              if (attrs.isRegularFile()) {
                setModeIfOwn(f, file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the modes of the files in " + root, e);
    }
  }

  /** Gives a file the mode its directory implies (for files a library created). */
  public static void conformFile(Path file) {
    Set<PosixFilePermission> dir = modeOf(file.toAbsolutePath().getParent());
    if (dir == null) {
      return;
    }
    try {
      setMode(file, fileMode(dir));
    } catch (NoSuchFileException e) {
      // gone already: nothing to protect
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the mode of " + file, e);
    }
  }

  /** {@code mode} as the number {@code chmod} and LMDB take (0600 is 384). */
  public static int octal(Set<PosixFilePermission> mode) {
    int n = 0;
    for (PosixFilePermission p : PosixFilePermission.values()) {
      n <<= 1;
      if (mode.contains(p)) {
        n |= 1;
      }
    }
    return n;
  }

  /** The permissions of {@code path}, or null where the file system has none (not POSIX). */
  public static Set<PosixFilePermission> modeOf(Path path) {
    PosixFileAttributeView view =
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return null;
    }
    try {
      return view.readAttributes().permissions();
    } catch (IOException e) {
      return null;
    }
  }

  private static void create(Path dir, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(mode));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // another process made it first; it had the same rule to follow
    }
    setMode(dir, mode); // the umask may have taken group bits away
  }

  /**
   * Sets the mode of a file this process owns; another user's file (a group-write member's segment,
   * seen by the owner's process) is theirs to keep, and {@code chmod} would be refused.
   */
  private static void setModeIfOwn(Path p, Set<PosixFilePermission> mode) throws IOException {
    try {
      setMode(p, mode);
    } catch (NoSuchFileException e) {
      // removed while the walk went on
    } catch (FileSystemException e) {
      if (!"Operation not permitted".equals(e.getReason())) {
        throw e;
      }
    }
  }

  private static void setMode(Path p, Set<PosixFilePermission> mode) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null) {
      return;
    }
    PosixFileAttributes attrs = view.readAttributes();
    if (attrs.isSymbolicLink() || attrs.permissions().equals(mode)) {
      return;
    }
    // chmod by path, not the view's NOFOLLOW form: that one opens the file and closes it, and a
    // close drops every POSIX lock this process holds on the file (the daemon's run/daemon.lock,
    // projections.inuse)
    Files.setPosixFilePermissions(p, mode);
  }
}
