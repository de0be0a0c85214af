package dev.msgstore.commands.configutil;

/** An option {@code configutil -V} finds set to a value its syntax refuses, and why. */
public record InvalidOption(String name, String value, String problem) {
  /** The line printed: {@code name = value: why}. */
  String line() {
    return name + " = " + value + ": " + problem;
  }
}
