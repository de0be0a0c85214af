package dev.msgstore.services.imap.handler;

import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.SelectedView;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * IDLE (RFC 2177): after the continuation, changes to the selected mailbox are pushed as the
 * journal tail brings them (a second virtual thread waits on the view), until the client sends DONE
 * on a line of its own.
 */
final class IdleHandler {
  private IdleHandler() {}

  static Reply handle(ImapSession s, ImapCommand.Idle c) throws IOException {
    SelectedView v = s.selected();
    s.out().continuation("idling");
    Thread pusher = null;
    Pushing state = new Pushing();
    if (v != null) {
      pusher = Thread.ofVirtual().name("imap-idle").start(() -> push(s, v, state));
    }
    String line;
    try {
      line = s.readLine();
    } finally {
      state.stop = true;
      if (pusher != null) {
        v.wake();
        try {
          pusher.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    if (state.failure != null) {
      throw state.failure;
    }
    if (!line.strip().equalsIgnoreCase("DONE")) {
      return Reply.bad("IDLE ends with DONE");
    }
    return Reply.ok("IDLE terminated");
  }

  private static final class Pushing {
    volatile boolean stop;
    volatile IOException failure;
  }

  private static void push(ImapSession s, SelectedView v, Pushing state) {
    try {
      while (!state.stop) {
        if (v.awaitChange(1000) && !state.stop) {
          s.writeUnlessStopping(
              () -> {
                s.absorb();
                v.announce(s.out(), true);
                s.out().flush();
              });
        }
      }
    } catch (IOException e) {
      state.failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UncheckedIOException e) {
      state.failure = e.getCause();
    }
  }
}
