package dev.msgstore.services.imap.message;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The MIME header fields as Dovecot 2.3 parses them for BODYSTRUCTURE: Content-Type's type, subtype
 * and parameters, Content-Disposition, Content-Language, Content-Transfer-Encoding. Parameter names
 * keep their case; RFC 2231 continuations are joined but, as in Dovecot 2.3, an extended value is
 * kept encoded under its starred name ({@code filename*} {@code utf-8''%E2%82%AC.txt}), for the
 * client to decode. Strings are byte strings.
 */
final class ContentFields {
  private ContentFields() {}

  record Param(String name, String value) {}

  /** Type and subtype as written ("" for both when broken) and the parameters. */
  record ContentType(String type, String subtype, List<Param> params) {}

  static ContentType contentType(String value) {
    Rfc822Parser p = new Rfc822Parser(value, false);
    p.skipLwsp();
    StringBuilder t = new StringBuilder();
    int ret = p.contentType(t);
    int slash = t.indexOf("/");
    String type = slash < 0 ? t.toString() : t.substring(0, slash);
    String subtype = slash < 0 ? "" : t.substring(slash + 1);
    return new ContentType(type, subtype, ret < 0 ? List.of() : params(p));
  }

  /** Content-Disposition: the token and parameters, or null when it is broken. */
  record Disposition(String type, List<Param> params) {}

  static Disposition disposition(String value) {
    Rfc822Parser p = new Rfc822Parser(value, false);
    p.skipLwsp();
    StringBuilder t = new StringBuilder();
    if (p.mimeToken(t) < 0) {
      return null;
    }
    return new Disposition(t.toString(), params(p));
  }

  /** Content-Transfer-Encoding: a single token, or null. */
  static String transferEncoding(String value) {
    Rfc822Parser p = new Rfc822Parser(value, false);
    p.skipLwsp();
    StringBuilder t = new StringBuilder();
    if (p.mimeToken(t) >= 0 && p.skipLwsp() == 0 && t.length() > 0) {
      return t.toString();
    }
    return null;
  }

  /** Content-Language: the atoms of a comma-separated list, or null when there is none. */
  static List<String> languages(String value) {
    Rfc822Parser p = new Rfc822Parser(value, false);
    List<String> langs = new ArrayList<>();
    p.skipLwsp();
    StringBuilder a = new StringBuilder();
    while (p.atom(a) >= 0) {
      langs.add(a.toString());
      a.setLength(0);
      if (p.atEnd() || p.cur() != ',') {
        break;
      }
      p.pos++;
      p.skipLwsp();
    }
    return langs.isEmpty() ? null : List.copyOf(langs);
  }

  private record Indexed(String key, int index, boolean extended, String value) {}

  /** Dovecot 2.3's rfc2231_parse: plain parameters in order, then the joined continuations. */
  static List<Param> params(Rfc822Parser p) {
    List<Param> result = new ArrayList<>();
    List<Indexed> indexed = new ArrayList<>();
    String[] key = new String[1];
    StringBuilder value = new StringBuilder();
    int idx = 0; // Dovecot keeps the last index for a bare "name*" (it is not reset)
    int ret;
    while ((ret = p.contentParam(key, value)) != 0) {
      if (ret < 0) {
        if (p.atEnd()) {
          break;
        }
        p.pos++; // try to continue anyway
        continue;
      }
      String k = key[0];
      int star = k.indexOf('*');
      if (star >= 0) {
        int i = star;
        if (i + 1 < k.length()) {
          i++;
          idx = 0;
          while (i < k.length() && Character.isDigit(k.charAt(i)) && k.charAt(i) < 128) {
            idx = idx * 10 + (k.charAt(i) - '0');
            i++;
          }
        }
        boolean extended = i < k.length() && k.charAt(i) == '*';
        if (extended) {
          i++;
        }
        if (i >= k.length()) {
          indexed.add(new Indexed(k.substring(0, star), idx, extended, value.toString()));
          continue;
        }
      }
      result.add(new Param(k, value.toString()));
      if (result.size() > 10_000) {
        break;
      }
    }
    if (indexed.isEmpty()) {
      return List.copyOf(result);
    }
    indexed.sort(Comparator.comparing(Indexed::key).thenComparingInt(Indexed::index));
    for (int i = 0, next; i < indexed.size(); i = next) {
      boolean ok = true;
      boolean haveExtended = false;
      int want = 0;
      int j = i;
      for (; j < indexed.size(); j++) {
        Indexed q = indexed.get(j);
        if (!indexed.get(i).key().equalsIgnoreCase(q.key())) {
          break;
        }
        if (q.index() != want++) {
          ok = false;
        }
        haveExtended |= q.extended();
      }
      next = j;
      if (!ok) {
        for (j = i; j < next; j++) {
          Indexed q = indexed.get(j);
          result.add(new Param(q.key() + "*" + q.index() + (q.extended() ? "*" : ""), q.value()));
        }
        continue;
      }
      StringBuilder joined = new StringBuilder();
      if (!indexed.get(i).extended() && haveExtended) {
        joined.append("''");
      }
      for (j = i; j < next; j++) {
        Indexed q = indexed.get(j);
        joined.append(!q.extended() && haveExtended ? q.value().replace("%", "%25") : q.value());
      }
      result.add(new Param(indexed.get(i).key() + (haveExtended ? "*" : ""), joined.toString()));
    }
    return List.copyOf(result);
  }
}
