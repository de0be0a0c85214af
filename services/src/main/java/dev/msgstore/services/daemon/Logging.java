package dev.msgstore.services.daemon;

import java.nio.file.Path;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The daemon's logs: Logback, rolling files under {@code log/} (and standard error when it runs in
 * the foreground, for systemd's journal). Every other msgstore JVM logs through slf4j-simple
 * ({@code jvm.options} names it); the daemon names Logback before anything logs. Nothing logged
 * holds message content or a password: components log names, counts and indexes.
 */
final class Logging {
  private Logging() {}

  static void configure(Path logDir, boolean console) {
    System.setProperty("msgstore.log.dir", logDir.toAbsolutePath().toString());
    System.setProperty(
        "logback.configurationFile",
        console
            ? "dev/msgstore/services/daemon/logback-foreground.xml"
            : "dev/msgstore/services/daemon/logback-daemon.xml");
    System.setProperty("slf4j.provider", "ch.qos.logback.classic.spi.LogbackServiceProvider");
  }

  /** The option that sets a component's log level, as the reference names it. */
  static String levelOption(String component) {
    return "logfile." + component + ".loglevel";
  }

  /**
   * Sets the level of {@code logger} from a reference level ({@code Nolog}, {@code Emergency} ...
   * {@code Debug}); does nothing where the daemon does not log through Logback.
   */
  static void level(String logger, String referenceLevel) {
    if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(
          switch (referenceLevel.strip()) {
            case "Nolog" -> ch.qos.logback.classic.Level.OFF;
            case "Emergency", "Alert", "Critical", "Error" -> ch.qos.logback.classic.Level.ERROR;
            case "Warning" -> ch.qos.logback.classic.Level.WARN;
            case "Debug" -> ch.qos.logback.classic.Level.DEBUG;
            default -> ch.qos.logback.classic.Level.INFO; // Notice, Information
          });
    }
  }

  /** Flushes and closes the log files. */
  static void stop() {
    ILoggerFactory f = LoggerFactory.getILoggerFactory();
    if (f instanceof ch.qos.logback.classic.LoggerContext context) {
      context.stop();
    }
  }
}
