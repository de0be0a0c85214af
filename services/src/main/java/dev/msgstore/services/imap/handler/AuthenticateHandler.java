package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * AUTHENTICATE (RFC 3501 section 6.2.2) with the PLAIN mechanism (RFC 4616), its initial response
 * on the command line (SASL-IR, RFC 4959) or after an empty continuation. "*" cancels.
 */
final class AuthenticateHandler {
  private AuthenticateHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Authenticate c) throws IOException {
    if (!c.mechanism().equals("PLAIN")) {
      return Reply.no("Unsupported authentication mechanism " + c.mechanism());
    }
    if (!s.plaintextAllowed()) {
      return Reply.no("[PRIVACYREQUIRED] Plaintext authentication is disabled here");
    }
    String response = c.initial();
    if (response == null) {
      s.out().continuation("");
      response = s.readLine().strip();
      if (response.equals("*")) {
        return Reply.bad("Authentication cancelled");
      }
    }
    byte[] plain;
    try {
      plain = Base64.getDecoder().decode(response);
    } catch (IllegalArgumentException e) {
      return Reply.bad("The response is not base64");
    }
    // authzid NUL authcid NUL passwd
    int first = indexOf(plain, 0);
    int second = first < 0 ? -1 : indexOf(plain, first + 1);
    if (second < 0) {
      return Reply.bad("A PLAIN response is authzid NUL authcid NUL password");
    }
    String authz = new String(plain, 0, first, StandardCharsets.UTF_8);
    String authc = new String(plain, first + 1, second - first - 1, StandardCharsets.UTF_8);
    CharBuffer pw =
        StandardCharsets.UTF_8.decode(
            ByteBuffer.wrap(plain, second + 1, plain.length - second - 1));
    char[] password = new char[pw.remaining()];
    pw.get(password);
    java.util.Arrays.fill(plain, (byte) 0);
    // an authzid other than the authcid: a store administrator acting as that user
    return LoginHandler.authenticate(s, authc, password, authz);
  }

  private static int indexOf(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == 0) {
        return i;
      }
    }
    return -1;
  }
}
