package dev.msgstore.commands.imquotacheck;

import dev.msgstore.commands.cli.ExitCodes;
import dev.msgstore.commands.cli.VerbFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference's notification file: a Subject header, a blank line, a body; {@code %U% %Q% %R% %M%
 * %C%} are replaced (user, percent used, the usage report, mailbox size, quota). A file without a
 * Subject, with another header, or with an unknown {@code %X%} is refused naming file and line.
 */
record NoticeTemplate(Path file, String subject, String body) {
  private static final Pattern TOKEN = Pattern.compile("%([A-Za-z]*)%");
  private static final List<String> KNOWN = List.of("U", "Q", "R", "M", "C");

  static NoticeTemplate read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new VerbFailure(ExitCodes.NO_INPUT, file + ": no such message file");
    } catch (IOException e) {
      throw new VerbFailure(ExitCodes.IO, file + ": cannot read it: " + e.getMessage());
    }
    String subject = null;
    int i = 0;
    for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
      String l = lines.get(i);
      int colon = l.indexOf(':');
      if (colon > 0 && l.substring(0, colon).strip().equalsIgnoreCase("Subject")) {
        subject = l.substring(colon + 1).strip();
      } else {
        throw RuleFile.error(
            file, i + 1, "only a Subject header goes before the blank line (the others are made)");
      }
      check(file, i + 1, l);
    }
    if (subject == null) {
      throw RuleFile.error(file, 1, "no Subject header: the file starts with 'Subject: ...'");
    }
    if (i == lines.size()) {
      throw RuleFile.error(file, i, "no blank line between the Subject and the body");
    }
    for (int j = i + 1; j < lines.size(); j++) {
      check(file, j + 1, lines.get(j));
    }
    String body = String.join("\n", lines.subList(i + 1, lines.size()));
    return new NoticeTemplate(file, subject, body);
  }

  private static void check(Path file, int line, String text) {
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      if (!KNOWN.contains(m.group(1))) {
        throw RuleFile.error(
            file, line, "unknown %" + m.group(1) + "% (the tokens are %U% %Q% %R% %M% %C%)");
      }
    }
  }

  static String fill(String text, Map<String, String> values) {
    Matcher m = TOKEN.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
