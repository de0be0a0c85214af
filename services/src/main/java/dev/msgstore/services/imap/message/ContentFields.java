package dev.msgstore.services.imap.message;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The parsing of MIME header fields as Dovecot does it for BODYSTRUCTURE: Content-Type's type,
 * subtype and parameters (names as written, RFC 2231 continuations joined and charset-decoded),
 * Content-Disposition, Content-Language, Content-Transfer-Encoding. Strings here are byte strings
 * (one char a byte): an RFC 2231 value decoded from another charset becomes its UTF-8 bytes.
 */
final class ContentFields {
  private static final int MAX_PARAMS = 256;

  private ContentFields() {}

  record Param(String name, String value) {}

  /** Type and subtype as written ("" for both when broken) and the parameters. */
  record ContentType(String type, String subtype, List<Param> params, boolean valid) {}

  static ContentType contentType(String value) {
    Rfc822Lexer lx = new Rfc822Lexer(value);
    lx.skipLwsp();
    String type = lx.mimeToken();
    if (type == null || !lx.at('/')) {
      return new ContentType("", "", List.of(), false);
    }
    lx.pos++;
    lx.skipLwsp();
    String subtype = lx.mimeToken();
    if (subtype == null || !(lx.atEnd() || lx.at(';'))) {
      return new ContentType("", "", List.of(), false);
    }
    return new ContentType(type, subtype, params(lx), true);
  }

  /** Content-Disposition: the token and parameters, or null when there is no token. */
  record Disposition(String type, List<Param> params) {}

  static Disposition disposition(String value) {
    Rfc822Lexer lx = new Rfc822Lexer(value);
    lx.skipLwsp();
    String type = lx.mimeToken();
    return type == null ? null : new Disposition(type, params(lx));
  }

  /** Content-Transfer-Encoding: a single token, or null. */
  static String transferEncoding(String value) {
    Rfc822Lexer lx = new Rfc822Lexer(value);
    lx.skipLwsp();
    String t = lx.mimeToken();
    return t != null && lx.atEnd() ? t : null;
  }

  /** Content-Language: the atoms of a comma-separated list, or null when there is none. */
  static List<String> languages(String value) {
    Rfc822Lexer lx = new Rfc822Lexer(value);
    lx.skipLwsp();
    List<String> langs = new ArrayList<>();
    String a;
    while ((a = lx.atom()) != null) {
      langs.add(a);
      if (!lx.at(',')) {
        break;
      }
      lx.pos++;
      lx.skipLwsp();
    }
    return langs.isEmpty() ? null : List.copyOf(langs);
  }

  private record Indexed(String key, int index, boolean extended, String value) {}

  /**
   * {@code *(";" attribute "=" value)}, RFC 2231 applied; broken input skipped a char at a time.
   */
  static List<Param> params(Rfc822Lexer lx) {
    List<Param> result = new ArrayList<>();
    List<Indexed> indexed = new ArrayList<>();
    int count = 0;
    while (!lx.atEnd() && ++count <= MAX_PARAMS) {
      if (!lx.at(';')) {
        lx.pos++; // broken: try to continue
        continue;
      }
      lx.pos++;
      if (!lx.skipLwsp()) {
        break;
      }
      String key = lx.mimeToken();
      if (key == null || !lx.at('=')) {
        continue;
      }
      lx.pos++;
      String value;
      if (!lx.skipLwsp()) {
        value = "";
      } else if (lx.at('"')) {
        value = lx.quotedString();
      } else if (lx.at('=')) {
        // broken input seen in the wild: name==?utf-8?b?...?=
        int start = lx.pos;
        while (!lx.atEnd() && " \t;\r\n".indexOf(lx.peek()) < 0) {
          lx.pos++;
        }
        value = lx.slice(start, lx.pos);
      } else {
        String v = lx.mimeToken();
        value = v == null ? "" : v;
      }
      int star = key.indexOf('*');
      if (star < 0) {
        append(result, key, value);
        continue;
      }
      String base = key.substring(0, star);
      String tail = key.substring(star + 1);
      int digits = 0;
      while (digits < tail.length() && Character.isDigit(tail.charAt(digits))) {
        digits++;
      }
      String after = tail.substring(digits);
      if (digits == 0 && after.isEmpty()) {
        // name*=charset'lang'value: extended, not continued
        append(result, base, decodeExtended(value, new String[1]));
      } else if (digits > 0 && digits < 9 && (after.isEmpty() || after.equals("*"))) {
        indexed.add(
            new Indexed(
                base, Integer.parseInt(tail.substring(0, digits)), after.equals("*"), value));
      } else {
        append(result, key, value);
      }
    }
    if (indexed.isEmpty()) {
      return List.copyOf(result);
    }
    indexed.sort(Comparator.comparing(Indexed::key).thenComparingInt(Indexed::index));
    for (int i = 0, next; i < indexed.size(); i = next) {
      boolean ok = true;
      int want = 0;
      int j = i;
      for (; j < indexed.size(); j++) {
        if (!indexed.get(i).key().equalsIgnoreCase(indexed.get(j).key())) {
          break;
        }
        if (indexed.get(j).index() != want++) {
          ok = false;
        }
      }
      next = j;
      if (!ok) {
        for (int k = i; k < next; k++) {
          Indexed p = indexed.get(k);
          String v = p.extended() ? decodeExtended(p.value(), new String[1]) : p.value();
          append(result, p.key() + "*" + p.index(), v);
        }
        continue;
      }
      StringBuilder joined = new StringBuilder();
      String[] charset = new String[1];
      for (int k = i; k < next; k++) {
        Indexed p = indexed.get(k);
        joined.append(p.extended() ? decodeExtended(p.value(), charset) : p.value());
      }
      append(result, indexed.get(i).key(), joined.toString());
    }
    return List.copyOf(result);
  }

  private static void append(List<Param> result, String key, String value) {
    for (Param p : result) {
      if (p.name().equalsIgnoreCase(key)) {
        return;
      }
    }
    result.add(new Param(key, value));
  }

  /**
   * An RFC 2231 extended value: {@code charset'lang'%XX...} for the first segment (the charset is
   * remembered in {@code charset[0]} for the following ones), percent-decoded and converted to
   * UTF-8 bytes; left as it is when it cannot be.
   */
  private static String decodeExtended(String value, String[] charset) {
    String v = value;
    if (charset[0] == null) {
      int q1 = v.indexOf('\'');
      int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
      if (q2 < 0) {
        return value;
      }
      charset[0] = v.substring(0, q1);
      v = v.substring(q2 + 1);
    }
    if (charset[0].isEmpty()) {
      return v;
    }
    byte[] raw = percentDecode(v);
    if (raw == null) {
      raw = v.getBytes(StandardCharsets.ISO_8859_1);
    }
    Charset cs = Charsets.lookup(charset[0]);
    if (cs == null) {
      return v;
    }
    String decoded = Charsets.decodeStrict(raw, cs);
    return decoded == null ? v : Charsets.utf8Bytes(decoded);
  }

  private static byte[] percentDecode(String v) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '%') {
        if (i + 2 >= v.length()) {
          return null;
        }
        int hi = Character.digit(v.charAt(i + 1), 16);
        int lo = Character.digit(v.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        out.write(c & 0xff);
      }
    }
    return out.toByteArray();
  }
}
