package dev.msgstore.store.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An option name as written on the command line: {@code base} and, for a language variant, the
 * language of {@code base;lang-xx} (the reference's form, e.g. {@code
 * store.quotaexceededmsg;lang-jp}).
 */
public record OptionName(String base, Optional<String> language) {
  private static final Pattern VARIANT =
      Pattern.compile("(.+);lang-([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)");

  /** Parses {@code name}; a {@code ;} not followed by a well-formed language is an error. */
  public static OptionName parse(String name) {
    int semi = name.indexOf(';');
    if (semi < 0) {
      return new OptionName(name, Optional.empty());
    }
    Matcher m = VARIANT.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not an option name; a language variant is written name;lang-xx");
    }
    return new OptionName(m.group(1), Optional.of(m.group(2)));
  }

  public String full() {
    return language.map(l -> base + ";lang-" + l).orElse(base);
  }

  public boolean isVariant() {
    return language.isPresent();
  }
}
