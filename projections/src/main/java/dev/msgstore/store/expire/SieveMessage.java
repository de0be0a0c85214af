package dev.msgstore.store.expire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.AddressImpl;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.mail.optional.EnvelopeAccessors;

/**
 * A stored message as jsieve sees it: its header fields (unfolded, RFC 2047 words decoded), its
 * size, its body read only when a {@code body} test asks (RFC 5173; at most {@value #BODY_LIMIT}
 * bytes of it), and an envelope rebuilt from what the store kept: {@code from} is the Return-Path,
 * {@code to} the Delivered-To (else the mailbox's owner). The actions a script takes are collected,
 * never executed: imexpire turns them into its own.
 */
final class SieveMessage implements MailAdapter, EnvelopeAccessors {
  static final int BODY_LIMIT = 16 << 20;

  private final List<String[]> fields;
  private final long size;
  private final Supplier<InputStream> content;
  private final String owner;
  private final long now;
  private final List<Action> actions = new ArrayList<>();
  private byte[] raw;

  /**
   * @param header the header block as stored
   * @param content opens the whole message, for body tests
   * @param owner the mailbox's owner, the envelope recipient when the message names none
   * @param now the run's time, which {@code currentdate} reads
   */
  SieveMessage(String header, long size, Supplier<InputStream> content, String owner, long now) {
    this.fields = parseHeader(header);
    this.size = size;
    this.content = content;
    this.owner = owner;
    this.now = now;
  }

  long now() {
    return now;
  }

  List<Action> actions() {
    return actions;
  }

  static List<String[]> parseHeader(String header) {
    List<String[]> out = new ArrayList<>();
    StringBuilder current = null;
    for (String line : header.split("\r?\n")) {
      if (line.isEmpty()) {
        break;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append(line); // unfold (RFC 5322 section 2.2.3)
        continue;
      }
      if (current != null) {
        add(out, current.toString());
      }
      current = new StringBuilder(line);
    }
    if (current != null) {
      add(out, current.toString());
    }
    return out;
  }

  private static void add(List<String[]> out, String field) {
    int colon = field.indexOf(':');
    if (colon > 0) {
      out.add(new String[] {field.substring(0, colon).strip(), field.substring(colon + 1).strip()});
    }
  }

  @Override
  public void setContext(SieveContext context) {}

  @Override
  public List<Action> getActions() {
    return actions;
  }

  @Override
  public void addAction(Action action) {
    actions.add(action);
  }

  @Override
  public void executeActions() {}

  @Override
  public List<String> getHeader(String name) {
    List<String> values = new ArrayList<>();
    for (String[] f : fields) {
      if (f[0].equalsIgnoreCase(name)) {
        values.add(DecoderUtil.decodeEncodedWords(f[1], DecodeMonitor.SILENT));
      }
    }
    return values;
  }

  @Override
  public List<String> getMatchingHeader(String name) {
    return getHeader(name);
  }

  @Override
  public List<String> getHeaderNames() {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    fields.forEach(f -> names.add(f[0]));
    return new ArrayList<>(names);
  }

  @Override
  public int getSize() {
    return (int) Math.min(Integer.MAX_VALUE, size);
  }

  @Override
  public String getContentType() {
    List<String> v = getHeader("Content-Type");
    return v.isEmpty() ? "text/plain" : v.get(0);
  }

  @Override
  public boolean isInBodyText(List<String> phrases) {
    return isInBodyContent(List.of("text"), phrases);
  }

  @Override
  public boolean isInBodyRaw(List<String> phrases) {
    byte[] b = raw();
    int start = bodyStart(b);
    return containsAny(new String(b, start, b.length - start, StandardCharsets.UTF_8), phrases);
  }

  /**
   * Whether a leaf part whose type is one of {@code types} ("text", "text/html", "" for any) holds
   * one of {@code phrases} once its transfer encoding and charset are decoded.
   */
  @Override
  public boolean isInBodyContent(List<String> types, List<String> phrases) {
    MimeTokenStream parser = new MimeTokenStream(MimeConfig.PERMISSIVE);
    parser.setRecursionMode(org.apache.james.mime4j.stream.RecursionMode.M_NO_RECURSE);
    try {
      parser.parse(new java.io.ByteArrayInputStream(raw()));
      for (EntityState s = parser.getState(); s != EntityState.T_END_OF_STREAM; s = parser.next()) {
        if (s != EntityState.T_BODY) {
          continue;
        }
        BodyDescriptor d = parser.getBodyDescriptor();
        if (!typeMatches(d, types)) {
          continue;
        }
        Charset cs = charset(d.getCharset());
        String text = new String(parser.getDecodedInputStream().readAllBytes(), cs);
        if (containsAny(text, phrases)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (MimeException e) {
      return false; // beyond repair even for a permissive parser: no text found in it
    }
  }

  private static boolean typeMatches(BodyDescriptor d, List<String> types) {
    String type = d.getMimeType().toLowerCase(Locale.ROOT);
    for (String t : types) {
      String want = t.toLowerCase(Locale.ROOT);
      if (want.isEmpty() || type.equals(want) || type.startsWith(want + "/")) {
        return true;
      }
    }
    return false;
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.US_ASCII : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.ISO_8859_1;
    }
  }

  /** i;ascii-casemap :contains, the comparator RFC 5173 gives the body test by default. */
  private static boolean containsAny(String text, List<String> phrases) {
    String t = text.toLowerCase(Locale.ROOT);
    for (String p : phrases) {
      if (t.contains(p.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private byte[] raw() {
    if (raw == null) {
      try (InputStream in = content.get()) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(new LimitedOutput(out, BODY_LIMIT));
        raw = out.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return raw;
  }

  private static int bodyStart(byte[] b) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == '\n' && b[i + 1] == '\n') {
        return i + 2;
      }
      if (b[i] == '\n' && b[i + 1] == '\r' && i + 2 < b.length && b[i + 2] == '\n') {
        return i + 3;
      }
    }
    return b.length;
  }

  @Override
  public Address[] parseAddresses(String headerName) {
    List<Address> out = new ArrayList<>();
    for (String value : getHeader(headerName)) {
      for (String a : Addresses.split(value)) {
        int at = a.lastIndexOf('@');
        out.add(
            at < 0
                ? new AddressImpl(a, "")
                : new AddressImpl(a.substring(0, at), a.substring(at + 1)));
      }
    }
    return out.toArray(new Address[0]);
  }

  @Override
  public List<String> getEnvelope(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "from" ->
          getHeader("Return-Path").stream().flatMap(v -> Addresses.split(v).stream()).toList();
      case "to" -> {
        List<String> to =
            getHeader("Delivered-To").stream().flatMap(v -> Addresses.split(v).stream()).toList();
        yield !to.isEmpty() || owner == null ? to : List.of(owner);
      }
      default -> List.of();
    };
  }

  @Override
  public List<String> getEnvelopeNames() {
    return List.of("from", "to");
  }

  @Override
  public List<String> getMatchingEnvelope(String name) {
    return getEnvelope(name);
  }

  /** Keeps at most {@code limit} bytes, dropping the rest. */
  private static final class LimitedOutput extends java.io.OutputStream {
    private final ByteArrayOutputStream out;
    private long left;

    LimitedOutput(ByteArrayOutputStream out, long limit) {
      this.out = out;
      this.left = limit;
    }

    @Override
    public void write(int b) {
      if (left > 0) {
        out.write(b);
        left--;
      }
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int n = (int) Math.min(len, left);
      out.write(b, off, n);
      left -= n;
    }
  }
}
