package dev.msgstore.scripting.verbs;

import java.util.List;
import java.util.Map;

/** Runs one verb's command line for a script, as the launcher would, and returns its result. */
@FunctionalInterface
public interface VerbRunner {
  /**
   * @param host the host's own named arguments: {@code print} (echo the verb's output), {@code
   *     stdin} (a String, byte[], File, Path or InputStream to read as standard input)
   */
  Object run(String verb, List<String> argv, Map<String, Object> host);
}
