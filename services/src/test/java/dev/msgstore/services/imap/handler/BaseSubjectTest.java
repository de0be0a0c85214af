package dev.msgstore.services.imap.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** RFC 5256 section 2.1's base subject, with imaptest's sort-subject cases. */
class BaseSubjectTest {
  private static void base(String subject, String base, boolean marked) {
    BaseSubject b = BaseSubject.of(subject);
    assertEquals(base, b.base(), subject);
    assertEquals(marked, b.replyOrForward(), subject);
  }

  @Test
  void leadersTrailersBlobsAndFwdBrackets() {
    base("a", "a", false);
    base("Re: hello", "hello", true);
    base("RE:  hello\t world  ", "hello world", true);
    base("Fwd: Re: Fw: hello", "hello", true);
    base("re [2]: hello", "hello", true);
    base("[foo] Fwd: [bar] Re: fw: b (fWd)  (fwd)", "b", true);
    base("b (a)", "b (a)", false);
    base("Re: [FWD: c]", "c", true);
    base("[xyz]", "[xyz]", false); // the blob alone stays: removing it would leave nothing
    base("[list] topic", "topic", false);
    base("Ad: Re: Ad: Re: Ad: x", "Ad: Re: Ad: Re: Ad: x", false);
    base("re: [fwd: [fwd: re: [fwd: babylon]]]", "babylon", true);
    base("Reply: not a leader", "Reply: not a leader", false);
    base("", "", false);
  }

  @Test
  void comparedInAsciiUpperCase() {
    assertEquals("HELLO WÖRLD", BaseSubject.of("Re: hello wÖrld").key());
  }
}
