package dev.msgstore.commands.cli;

/**
 * A verb that leaves what it found or did as data, besides printing it: the script verbs return
 * this object, so a script reads records, never text it would have to parse. The verb sets it as it
 * runs, in the same code path the command line takes.
 */
public interface ResultVerb {
  /** The result of this verb's run; null before it ran. */
  Object result();
}
