package dev.msgstore.store.config;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One option of the catalog. A {@code *} in the name stands for one name component, so {@code
 * store.partition.*.path} describes every {@code store.partition.<name>.path}. {@code defaultValue}
 * is null when the option has no default. {@code values}, when not empty, are the only values the
 * option takes.
 */
public record OptionSpec(
    String name,
    String description,
    Syntax syntax,
    String defaultValue,
    List<String> flags,
    boolean refreshable,
    boolean variants,
    List<String> values) {

  public OptionSpec {
    flags = List.copyOf(flags);
    values = List.copyOf(values);
  }

  /** Why {@code value} is not one of {@link #values}, or empty if it is (or any value goes). */
  public Optional<String> choiceProblem(String value) {
    if (values.isEmpty() || values.contains(value.strip())) {
      return Optional.empty();
    }
    return Optional.of("one of " + String.join(", ", values) + ", not '" + value.strip() + "'");
  }

  public boolean isWildcard() {
    return name.contains("*");
  }

  /** Whether this spec describes {@code base} (a name without its {@code ;lang-xx}). */
  public boolean describes(String base) {
    if (!isWildcard()) {
      return name.equals(base);
    }
    StringBuilder re = new StringBuilder();
    for (String part : name.split("\\*", -1)) {
      if (!re.isEmpty()) {
        re.append("[^.;*]+");
      }
      re.append(Pattern.quote(part));
    }
    return base.matches(re.toString());
  }

  public Optional<String> defaultOf() {
    return Optional.ofNullable(defaultValue);
  }

  /**
   * What an administrator must do after changing the option, from its flags: {@code
   * MSG_RESTART_ALL}, {@code MSG_RESTART_<SERVICE>} or {@code MSG_REFRESH_<SERVICE>}.
   */
  public Optional<String> afterChange() {
    for (String f : flags) {
      if (f.equals("MSG_RESTART_ALL")) {
        return Optional.of("restart the message store services");
      }
      if (f.startsWith("MSG_RESTART_")) {
        return Optional.of("restart the " + f.substring(12) + " service");
      }
      if (f.startsWith("MSG_REFRESH_")) {
        return Optional.of("refresh the " + f.substring(12) + " service");
      }
    }
    return Optional.empty();
  }
}
