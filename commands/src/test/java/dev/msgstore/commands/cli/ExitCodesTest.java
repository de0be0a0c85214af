package dev.msgstore.commands.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.DirectoryUnavailable;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  @Test
  void anUnreachableDirectoryIsUnavailableNotMissing() {
    DirectoryUnavailable down =
        new DirectoryUnavailable(
            "the directory ldap://localhost:1389 is unreachable: connection refused",
            new ConnectException("refused"));
    assertEquals(69, ExitCodes.of(down));
    assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.of(down));
  }

  @Test
  void theOtherMappingsStand() {
    assertEquals(ExitCodes.NO_INPUT, ExitCodes.of(Rejected.notFound("x")));
    assertEquals(ExitCodes.DATA, ExitCodes.of(Rejected.invalid("x")));
    assertEquals(ExitCodes.IO, ExitCodes.of(new IOException("x")));
    assertEquals(ExitCodes.SOFTWARE, ExitCodes.of(new IllegalStateException("x")));
  }
}
