package dev.msgstore.commands.configutil;

/**
 * An option whose set value a change really changed ({@code -v}, {@code -d}, {@code -i}): the value
 * set before and after, null when it was not set (it then has its default, if any).
 */
public record OptionChange(String name, String before, String after) {}
