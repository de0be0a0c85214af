package dev.msgstore.services.tls;

import dev.msgstore.store.StoreLayout;
import dev.msgstore.store.config.EffectiveConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of TLS for the protocol components: a PKCS12 keystore named by {@code
 * local.tls.keystore} (default {@code <store>/config/tls/keystore.p12}) whose password is the first
 * line of {@code local.tls.passwordfile} (default {@code <store>/config/tls/keystore.pass}); a
 * password never sits in msg.conf. When the default keystore does not exist, a self-signed
 * certificate for {@code localhost} is generated with the JDK's {@code keytool}. TLS 1.2 and 1.3
 * only.
 */
public final class ServerTls {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  public static final String KEYSTORE = "local.tls.keystore";
  public static final String PASSWORD_FILE = "local.tls.passwordfile";
  static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
  private static final String ALIAS = "msgstore";

  private final SSLContext context;
  private final String fingerprint;

  private ServerTls(SSLContext context, String fingerprint) {
    this.context = context;
    this.fingerprint = fingerprint;
  }

  /** The keystore's certificate fingerprint (SHA-256, colon separated hex). */
  public String fingerprint() {
    return fingerprint;
  }

  /**
   * Loads the configured keystore, generating the default one first when it is missing. A keystore
   * named by the option must exist: a missing one is an error, not a reason to generate.
   */
  public static ServerTls load(Path root, EffectiveConfig config) throws IOException {
    Path dir = StoreLayout.config(root).resolve("tls");
    String named = config.value(KEYSTORE).map(String::strip).orElse("");
    String namedPassword = config.value(PASSWORD_FILE).map(String::strip).orElse("");
    Path keystore = named.isEmpty() ? dir.resolve("keystore.p12") : Path.of(named);
    Path passwordFile =
        namedPassword.isEmpty() ? dir.resolve("keystore.pass") : Path.of(namedPassword);
    boolean generated = false;
    if (!Files.exists(keystore)) {
      if (!named.isEmpty()) {
        throw new IOException(KEYSTORE + " " + keystore + " does not exist");
      }
      generate(keystore, passwordFile);
      generated = true;
    }
    if (!Files.isReadable(passwordFile)) {
      throw new IOException(PASSWORD_FILE + " " + passwordFile + " cannot be read");
    }
    char[] password =
        Files.readAllLines(passwordFile, StandardCharsets.UTF_8).stream()
            .findFirst()
            .orElse("")
            .strip()
            .toCharArray();
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password);
      X509Certificate cert = firstCertificate(ks);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, new SecureRandom());
      String fp = fingerprint(cert);
      if (generated) {
        // a warning: clients will not trust it until given it (or a real certificate replaces it)
        LOG.warn(
            "tls: generated a self-signed certificate {} in {}, SHA-256 fingerprint {}",
            cert.getSubjectX500Principal().getName(),
            keystore,
            fp);
      } else {
        LOG.info(
            "tls: certificate {} in {}, SHA-256 fingerprint {}",
            cert.getSubjectX500Principal().getName(),
            keystore,
            fp);
      }
      return new ServerTls(context, fp);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use keystore " + keystore + ": " + e.getMessage(), e);
    }
  }

  private static X509Certificate firstCertificate(KeyStore ks) throws GeneralSecurityException {
    for (String alias : Collections.list(ks.aliases())) {
      if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate c) {
        return c;
      }
    }
    throw new GeneralSecurityException("it holds no private key with an X.509 certificate");
  }

  static String fingerprint(Certificate cert) throws GeneralSecurityException {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
    return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
  }

  /** A self-signed EC certificate for localhost, with keytool; both files 0600 in a 0700 dir. */
  private static void generate(Path keystore, Path passwordFile) throws IOException {
    Path dir = keystore.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (!Files.exists(passwordFile)) {
      byte[] secret = new byte[24];
      new SecureRandom().nextBytes(secret);
      Files.createFile(
          passwordFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(
          passwordFile, Base64.getUrlEncoder().withoutPadding().encodeToString(secret) + "\n");
    }
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Path partial = dir.resolve(keystore.getFileName() + ".new");
    Files.deleteIfExists(partial);
    List<String> cmd = new ArrayList<>();
    Collections.addAll(
        cmd,
        keytool.toString(),
        "-genkeypair",
        "-alias",
        ALIAS,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-sigalg",
        "SHA256withECDSA",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1,ip:::1",
        "-validity",
        "3650",
        "-storetype",
        "PKCS12",
        "-keystore",
        partial.toString(),
        "-storepass:file",
        passwordFile.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output;
    try (InputStream out = p.getInputStream()) {
      output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
    }
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IOException("keytool could not generate a certificate: " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while keytool generated a certificate", e);
    }
    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
    Files.move(partial, keystore, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** A listening socket that speaks TLS from the first byte (implicit TLS, e.g. 993). */
  public SSLServerSocket serverSocket() throws IOException {
    SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    s.setEnabledProtocols(protocols(s.getSupportedProtocols()));
    return s;
  }

  /** Turns an accepted plaintext connection into a TLS one (STARTTLS), handshake done. */
  public SSLSocket wrap(Socket plain) throws IOException {
    SSLSocket s =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    s.setEnabledProtocols(protocols(s.getSupportedProtocols()));
    s.startHandshake();
    return s;
  }

  private static String[] protocols(String[] supported) {
    List<String> s = List.of(supported);
    return PROTOCOLS.stream().filter(s::contains).toArray(String[]::new);
  }
}
