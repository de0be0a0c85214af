package dev.msgstore.commands.cli;

import picocli.CommandLine.Option;

/**
 * {@code --format text|json}, the one output flag of every verb that prints a result. With {@code
 * json} the launcher prints the verb's result records one JSON object a line (see {@link Json}),
 * unless the verb writes its own as it goes ({@link JsonLines}).
 */
public final class FormatOption {
  /** The option's name, as the launcher looks for it in a verb. */
  public static final String NAME = "--format";

  /** The layouts; lower case, as they are typed. */
  public enum Format {
    text,
    json
  }

  @Option(
      names = NAME,
      paramLabel = "text|json",
      description =
          "Output: text (the reference's layout, the default) or json (one object a line, with"
              + " the field names of the result records).")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }
}
