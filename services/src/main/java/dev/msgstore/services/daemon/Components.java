package dev.msgstore.services.daemon;

import dev.msgstore.services.http.HttpComponent;
import dev.msgstore.services.imap.ImapComponent;
import dev.msgstore.services.lmtp.LmtpComponent;
import dev.msgstore.services.pop.PopComponent;
import dev.msgstore.services.sched.PurgeComponent;
import dev.msgstore.services.sched.SchedComponent;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.Syntax;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The components msgstore has, in start order (the store first: the others use it), and the names
 * of the reference's components it has not. A new component is one line in {@link #OURS}.
 */
public final class Components {
  private Components() {}

  /**
   * A component: its name, how to make one, and the option that enables it when {@code start-msg}
   * names none (null: always started).
   */
  public record Registration(String name, Supplier<Component> make, String enableOption) {}

  public static final List<Registration> OURS =
      List.of(
          new Registration("store", StoreComponent::new, null),
          new Registration("http", HttpComponent::new, "service.http.enable"),
          new Registration("lmtp", LmtpComponent::new, "service.lmtp.enable"),
          new Registration("imap", ImapComponent::new, "service.imap.enable"),
          new Registration("pop", PopComponent::new, "service.pop.enable"),
          new Registration("purge", PurgeComponent::new, "local.purge.enable"),
          new Registration("sched", SchedComponent::new, "local.sched.enable"));

  /** Table 71-37's other components: parts of the reference's product that msgstore is not. */
  private static final Set<String> NOT_OURS =
      Set.of(
          "ens",
          "metermaid",
          "isc",
          "cert",
          "deploymap",
          "dispatcher",
          "job_controller",
          "snmp",
          "sms",
          "mmp",
          "rollovermanager",
          "mta",
          "smtp");

  public static List<String> names() {
    return OURS.stream().map(Registration::name).toList();
  }

  public static Registration registration(String name) {
    return OURS.stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(whyNot(name)));
  }

  /**
   * The components named, in start order, each once; an empty list stays empty (the enabled ones
   * are meant). A name msgstore does not have fails with one line saying why.
   */
  public static List<String> resolve(List<String> named) {
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : named) {
      registration(n);
      wanted.add(n);
    }
    List<String> ordered = new ArrayList<>();
    for (String n : names()) {
      if (wanted.contains(n)) {
        ordered.add(n);
      }
    }
    return ordered;
  }

  /** The components started when none is named: the store and those their option enables. */
  public static List<String> enabled(EffectiveConfig config) {
    return OURS.stream()
        .filter(
            r ->
                r.enableOption() == null
                    || config.value(r.enableOption()).map(Syntax::isTrue).orElse(false))
        .map(Registration::name)
        .toList();
  }

  private static String whyNot(String name) {
    String ours = String.join(", ", names());
    if (name.equals("watcher")) {
      return "watcher: not a component: start-msg runs every daemon under its watcher (which"
          + " starts it again when it dies); msgstore has "
          + ours;
    }
    if (NOT_OURS.contains(name)) {
      return name
          + ": a component of the reference that msgstore does not have; msgstore has "
          + ours;
    }
    return name + ": no such component; msgstore has " + ours;
  }
}
