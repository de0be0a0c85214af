package dev.msgstore.commands.cli;

import dev.msgstore.journal.codec.EventRegistry;
import dev.msgstore.store.Partitions;
import dev.msgstore.store.config.ConfigFiles;
import dev.msgstore.store.config.MsgConf;
import dev.msgstore.store.config.OptionCatalog;
import dev.msgstore.store.config.OptionSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The values shell completion offers for options that take names ({@code completionCandidates}).
 * picocli makes one of each with every command model, so each reads its source only when iterated
 * (when the completion script or a REPL asks), never for an ordinary run of a verb.
 */
public final class Candidates {
  private Candidates() {}

  /** {@code journal --type}: the event areas ({@code acl}) and every event name in the registry. */
  public static final class EventTypes implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      TreeSet<String> all = new TreeSet<>();
      EventRegistry.types()
          .forEach(
              t -> {
                all.add(t.name().substring(0, t.name().indexOf('.')));
                all.add(t.name());
              });
      return all.iterator();
    }
  }

  /** {@code configutil -o}: the option catalog's names (not its wildcard entries). */
  public static final class OptionNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return OptionCatalog.standard().specs().stream()
          .filter(s -> !s.isWildcard())
          .map(OptionSpec::name)
          .iterator();
    }
  }

  /**
   * Partitions: {@code primary}, and those configured in the store the completion is generated for,
   * as its {@code config/msg.conf} lists them. The launcher makes it with its context's store root;
   * picocli's own factory with the root a verb would use outside one.
   */
  public static final class PartitionNames implements Iterable<String> {
    private final Path root;

    public PartitionNames() {
      this(CliContext.system(List.of()).storeRoot(null));
    }

    public PartitionNames(Path root) {
      this.root = root;
    }

    @Override
    public Iterator<String> iterator() {
      return partitions(root).iterator();
    }

    static List<String> partitions(Path root) {
      Path conf = ConfigFiles.overrides(root);
      try {
        var config = Files.isRegularFile(conf) ? MsgConf.parse(Files.readAllLines(conf)) : null;
        if (config != null) {
          return List.copyOf(Partitions.of(root, config).paths().keySet());
        }
      } catch (IOException e) {
        // completion must not fail for a configuration it cannot read: the default still holds
      }
      return List.of(Partitions.DEFAULT);
    }
  }
}
