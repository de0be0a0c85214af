package dev.msgstore.services.daemon;

import dev.msgstore.services.tls.ServerTls;
import dev.msgstore.store.config.EffectiveConfig;
import dev.msgstore.store.config.Syntax;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port a service listens on when its option leaves it unset (or 0): one chosen for the store,
 * the same at every start (so a Prometheus target or a test client keeps working), unprivileged,
 * and different for two stores on one machine. The catalog keeps no default port of the reference's
 * (143, 110, 80...): those need root and another configuration.
 */
public final class StorePorts {
  /** The range chosen ports fall in: above the usual registered services, below ephemeral. */
  public static final int FIRST = 20_000;

  public static final int COUNT = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(StorePorts.class);

  private StorePorts() {}

  /** Opens a listener on a port: an HttpServer, a ServerSocket, a channel. */
  @FunctionalInterface
  public interface Binder<T> {
    T bind(int port) throws IOException;
  }

  /**
   * The listener of {@code service} on {@code host}: on {@code configured}, or when that is 0 on
   * the port chosen for the store, and when that one is in use on one the system gives (a chosen
   * port is a convenience, a configured one a promise). A failure is {@link
   * ComponentFailure#cannotListen}'s line naming {@code portOption}.
   */
  public static <T> T listen(
      Path root,
      String service,
      InetAddress host,
      int configured,
      String portOption,
      Binder<T> binder) {
    boolean chosen = configured == 0;
    int port = chosen ? chosen(root, service) : configured;
    try {
      return binder.bind(port);
    } catch (BindException e) {
      if (!chosen) {
        throw ComponentFailure.cannotListen(service, host, port, portOption, e);
      }
      LOG.warn(
          "{}: port {} chosen for this store is in use; taking one the system gives",
          service,
          port);
      try {
        return binder.bind(0);
      } catch (IOException again) {
        throw ComponentFailure.cannotListen(service, host, 0, portOption, again);
      }
    } catch (IOException e) {
      throw ComponentFailure.cannotListen(service, host, port, portOption, e);
    }
  }

  /**
   * The address {@code component} listens on, from {@code option}'s value {@code address} (an IP
   * literal or a name the system resolves); one line naming the option when it cannot be resolved.
   */
  public static InetAddress host(String component, String option, String address) {
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE, component + ": cannot resolve " + option + " " + address);
    }
  }

  /**
   * The implicit-TLS listener of {@code component}, or null when {@code enableOption} is not yes
   * ({@code scheme} names its chosen port, e.g. imaps): on {@code portOption}'s port, or when that
   * is unset on the port chosen for the store. No fallback to a system port: clients of an
   * implicit-TLS port are configured with it. Enabled without {@code tls} (no keystore), the
   * component cannot start.
   */
  public static ServerSocket listenTls(
      Path root,
      String component,
      String scheme,
      InetAddress host,
      EffectiveConfig config,
      String enableOption,
      String portOption,
      ServerTls tls) {
    if (!config.value(enableOption).map(Syntax::isTrue).orElse(false)) {
      return null;
    }
    if (tls == null) {
      throw new ComponentFailure(
          ComponentFailure.UNAVAILABLE,
          component + ": " + enableOption + " is yes but TLS has no keystore");
    }
    int configured = config.value(portOption).map(v -> Integer.parseInt(v.strip())).orElse(0);
    int port = configured == 0 ? chosen(root, scheme) : configured;
    try {
      ServerSocket s = tls.serverSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port), 128);
      return s;
    } catch (IOException e) {
      throw ComponentFailure.cannotListen(component, host, port, portOption, e);
    }
  }

  public static int chosen(Path root, String service) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest(
                  (root.toAbsolutePath().normalize() + "\0" + service)
                      .getBytes(StandardCharsets.UTF_8));
      return FIRST + Math.floorMod(ByteBuffer.wrap(h).getInt(), COUNT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
