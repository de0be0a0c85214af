package dev.msgstore.commands.imquotacheck;

/**
 * A notice {@code -n} delivered (or, in a dry run, would have): to whom, by which rule, at what %.
 */
public record Notice(String user, String rule, int percent, String subject) {}
