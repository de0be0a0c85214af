package dev.msgstore.commands.configutil;

import java.util.regex.Pattern;

/**
 * {@code -p pattern}: {@code *} matches any text and is assumed at the end when the pattern has
 * none, so {@code service.imap} is a prefix and {@code *.port} a suffix (the reference's examples;
 * its "names contain the pattern" would contradict {@code *.port}). Language variants ({@code
 * name;lang-xx}) match only a pattern that has a {@code ;}: the reference applies commands without
 * a language to options without one.
 */
record NamePattern(String text, Pattern regex) {
  static final NamePattern ALL = of("*");

  static NamePattern of(String text) {
    String p = text.contains("*") ? text : text + "*";
    StringBuilder re = new StringBuilder();
    for (String part : p.split("\\*", -1)) {
      if (!re.isEmpty()) {
        re.append(".*");
      }
      re.append(Pattern.quote(part));
    }
    return new NamePattern(text, Pattern.compile(re.toString()));
  }

  boolean matches(String name) {
    return admits(name) && regex.matcher(name).matches();
  }

  /** Whether the variant rule lets {@code name} through. */
  boolean admits(String name) {
    return !name.contains(";") || text.contains(";");
  }
}
