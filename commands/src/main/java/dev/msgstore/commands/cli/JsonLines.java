package dev.msgstore.commands.cli;

/**
 * A verb that prints its own JSON lines as it goes with {@code --format json} (a listing of
 * millions of rows, an endless {@code --follow}), with the names of its result records, instead of
 * having the launcher print its kept result at the end.
 */
public interface JsonLines {}
