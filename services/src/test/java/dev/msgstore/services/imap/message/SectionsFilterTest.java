package dev.msgstore.services.imap.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * HEADER.FIELDS and HEADER.FIELDS.NOT match names in place, byte by byte: they keep exactly the
 * fields a case-insensitive String comparison keeps (how the filter matched before), for ASCII
 * names in any case, Latin-1 ones, and names whose lower case is ASCII only after Unicode's rules.
 */
class SectionsFilterTest {
  private static final String[] NAMES = {
    "From",
    "To",
    "Cc",
    "Subject",
    "References",
    "In-Reply-To",
    "Message-ID",
    "X-\u00fcber",
    "K",
    "Date",
    "Received",
    "X-Long-Name-Of-A-Field"
  };
  private static final String[] ASKED = {
    "from",
    "TO",
    "cC",
    "subject",
    "REFERENCES",
    "in-reply-to",
    "Message-Id",
    "x-\u00dcBER",
    "\u212a",
    "k",
    "date",
    "Received ",
    "x-long-name-of-a-fiel",
    "X-LONG-NAME-OF-A-FIELD",
    "\u017fubject"
  };

  /** The filter as it was: a TreeSet ordered ignoring case, of each line's name as a String. */
  private static Set<String> before(List<String> names) {
    Set<String> wanted = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (String n : names) {
      wanted.add(n.toLowerCase(Locale.ROOT));
    }
    return wanted;
  }

  @Test
  void keepsWhatTheStringComparisonKept() throws Exception {
    Random random = new Random(14);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder header = new StringBuilder();
      List<String> lineNames = new ArrayList<>();
      int fields = 1 + random.nextInt(12);
      for (int i = 0; i < fields; i++) {
        String name = NAMES[random.nextInt(NAMES.length)];
        name = random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : name;
        lineNames.add(name);
        header.append(name).append(random.nextInt(4) == 0 ? " :" : ":").append(" v").append(i);
        header.append("\r\n");
        if (random.nextInt(3) == 0) {
          header.append("\tcontinued ").append(i).append("\r\n");
        }
      }
      header.append("\r\n");
      List<String> asked = new ArrayList<>();
      for (int i = 1 + random.nextInt(4); i > 0; i--) {
        asked.add(ASKED[random.nextInt(ASKED.length)]);
      }
      boolean not = random.nextInt(4) == 0;
      byte[] bytes = header.toString().getBytes(StandardCharsets.ISO_8859_1);

      Set<String> wanted = before(asked);
      StringBuilder expected = new StringBuilder();
      String[] lines = header.toString().split("\r\n", -1);
      boolean keep = false;
      for (int i = 0; i < lines.length - 2; i++) {
        String l = lines[i];
        if (!l.startsWith("\t")) {
          keep = wanted.contains(l.substring(0, l.indexOf(':')).stripTrailing()) != not;
        }
        if (keep) {
          expected.append(l).append("\r\n");
        }
      }
      expected.append("\r\n");

      byte[] got = Sections.filterHeader(bytes, bytes.length, asked, not);
      assertEquals(
          expected.toString(),
          new String(got, StandardCharsets.ISO_8859_1),
          asked + (not ? " NOT " : " ") + lineNames);
      assertArrayEquals(
          got, Sections.filterHeader(new ByteArrayInputStream(bytes), asked, not), "streamed");
    }
  }
}
