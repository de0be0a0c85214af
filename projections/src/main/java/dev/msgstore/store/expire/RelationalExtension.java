package dev.msgstore.store.expire;

import org.apache.jsieve.Arguments;
import org.apache.jsieve.SieveContext;
import org.apache.jsieve.exception.SieveException;
import org.apache.jsieve.exception.SyntaxException;
import org.apache.jsieve.mail.MailAdapter;
import org.apache.jsieve.tests.AbstractTest;

/**
 * {@code require "relational"} (RFC 5231) for the {@code :value} match of the date tests. jsieve
 * knows a required capability only as a command or test name, so the capability is mapped as a test
 * that refuses to be used as one.
 */
public class RelationalExtension extends AbstractTest {
  @Override
  protected void validateArguments(Arguments arguments, SieveContext context)
      throws SieveException {
    throw new SyntaxException("relational is an extension (RFC 5231), not a test");
  }

  @Override
  protected boolean executeBasic(MailAdapter mail, Arguments arguments, SieveContext context)
      throws SieveException {
    throw new SyntaxException("relational is an extension (RFC 5231), not a test");
  }
}
