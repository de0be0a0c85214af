package dev.msgstore.store.expire;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.jsieve.ConfigurationManager;
import org.apache.jsieve.SieveConfigurationException;
import org.apache.jsieve.SieveFactory;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionDiscard;
import org.apache.jsieve.mail.ActionFileInto;
import org.apache.jsieve.parser.generated.Node;
import org.apache.jsieve.parser.generated.ParseException;

/**
 * A rule's {@code sieve} attribute (RFC 5228, by jsieve, with {@code date} and {@code currentdate}
 * of RFC 5260 added and jsieve's {@code body} of RFC 5173). Either a whole script, whose {@code
 * discard} and {@code fileinto} become the expire's action and whose {@code keep} (explicit or
 * implicit) keeps the message; or, as the reference writes it ({@code require "body"; body
 * :contains "bug";}), requires and one test, which selects the messages the rule's action applies
 * to.
 */
public final class SieveRule {
  private static final Pattern REQUIRES =
      Pattern.compile("^(\\s*require\\s+(?:\\[[^\\]]*\\]|\"[^\"]*\")\\s*;)*", Pattern.DOTALL);
  private static final Pattern FIRST_WORD = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)");
  private static final java.util.Set<String> TESTS =
      java.util.Set.of(
          "address",
          "allof",
          "anyof",
          "body",
          "currentdate",
          "date",
          "envelope",
          "exists",
          "false",
          "header",
          "not",
          "size",
          "true");
  private static final SieveFactory FACTORY = factory();

  private final String script;
  private final boolean testOnly;
  private final ThreadLocal<Node> parsed;

  private SieveRule(String script, boolean testOnly) {
    this.script = script;
    this.testOnly = testOnly;
    this.parsed = ThreadLocal.withInitial(() -> parse(script));
  }

  private static SieveFactory factory() {
    try {
      ConfigurationManager cm = new ConfigurationManager();
      cm.getTestMap().put("date", DateTest.class.getName());
      cm.getTestMap().put("currentdate", CurrentDateTest.class.getName());
      cm.getTestMap().put("relational", RelationalExtension.class.getName());
      return cm.build();
    } catch (SieveConfigurationException e) {
      throw new IllegalStateException("jsieve's configuration is broken", e);
    }
  }

  /**
   * Compiles {@code text}, checking it against an empty message so that an unknown command, test or
   * extension fails now, not halfway through a run; throws IllegalArgumentException saying what is
   * wrong and where.
   */
  public static SieveRule compile(String text) {
    Matcher m = REQUIRES.matcher(text);
    String prolog = m.lookingAt() ? m.group() : "";
    String rest = text.substring(prolog.length()).strip();
    Matcher first = FIRST_WORD.matcher(rest);
    if (first.lookingAt() && TESTS.contains(first.group(1).toLowerCase(java.util.Locale.ROOT))) {
      // A script cannot begin with a test: this is the reference's form, one test to select with.
      String test = rest.endsWith(";") ? rest.substring(0, rest.length() - 1).strip() : rest;
      return checked(new SieveRule(prolog + "\nif " + test + " { discard; }\n", true));
    }
    return checked(new SieveRule(text, false));
  }

  private static SieveRule checked(SieveRule r) {
    try {
      r.parsed.get();
      r.decide(new SieveMessage("", 0, () -> InputStream.nullInputStream(), null, 0));
      return r;
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  private static Node parse(String script) {
    try {
      return FACTORY.parse(new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      String at =
          e.currentToken == null || e.currentToken.next == null
              ? ""
              : "script line " + e.currentToken.next.beginLine + ": ";
      throw new IllegalStateException(at + firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      throw new IllegalStateException(firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Whether the text was a test only (the rule's action applies) or a whole script. */
  public boolean testOnly() {
    return testOnly;
  }

  public String script() {
    return script;
  }

  /**
   * What the script does with {@code message}: discard or fileinto, or empty when it keeps it. For
   * a test-only rule, Discard means "selected".
   */
  Optional<ExpireAction> decide(SieveMessage message) {
    try {
      FACTORY.evaluate(message, parsed.get());
    } catch (SieveException e) {
      throw new IllegalStateException(firstLine(String.valueOf(e.getMessage())));
    }
    ExpireAction chosen = null;
    for (Action a : message.actions()) {
      if (a instanceof ActionFileInto f) {
        return Optional.of(new ExpireAction.FileInto(f.getDestination()));
      }
      if (a instanceof ActionDiscard) {
        chosen = new ExpireAction.Discard();
      }
    }
    return Optional.ofNullable(chosen);
  }
}
