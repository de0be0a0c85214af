package dev.msgstore.services.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client's connection (TCP or the UNIX socket) and its read deadline: a session marks when it
 * waits for the client, and the component's timekeeper ends a connection whose client kept it
 * waiting longer than allowed ({@link #expire}). A channel read cannot time out by itself.
 */
final class Connection implements AutoCloseable {
  private final SocketChannel channel;
  private final String client; // the client's address, or "local" for the UNIX socket
  private final InputStream input;
  private final OutputStream output;
  private volatile long timeoutNanos = Duration.ofMinutes(5).toNanos();
  private volatile long deadline = Long.MAX_VALUE; // System.nanoTime() when waiting, else MAX

  Connection(SocketChannel channel, String client) {
    this.channel = channel;
    this.client = client;
    this.input = Channels.newInputStream(channel);
    this.output = Channels.newOutputStream(channel);
  }

  String client() {
    return client;
  }

  InputStream input() {
    return input;
  }

  OutputStream output() {
    return output;
  }

  /** The timeout of the waits to come (the command timeout, or DATA's). */
  void waitFor(Duration timeout) {
    timeoutNanos = timeout.toNanos();
  }

  void waiting(boolean waiting) {
    deadline = waiting ? System.nanoTime() + timeoutNanos : Long.MAX_VALUE;
  }

  /** Whether the client has kept a session waiting past its deadline at {@code now}. */
  boolean expired(long now) {
    long d = deadline;
    return d != Long.MAX_VALUE && now - d > 0;
  }

  /**
   * Says {@code line} (421) if the session is still waiting for the client, and closes the
   * connection, which ends the session's read. Runs on the timekeeper's or the stopping thread.
   */
  void expire(String line) {
    synchronized (this) {
      if (deadline != Long.MAX_VALUE) {
        try {
          output.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
          output.flush();
        } catch (IOException e) {
          // the client is gone already
        }
      }
    }
    close();
  }

  /** Whether the session waits for the client now (between commands, or within data). */
  boolean waiting() {
    return deadline != Long.MAX_VALUE;
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing: nothing to do about it
    }
  }
}
