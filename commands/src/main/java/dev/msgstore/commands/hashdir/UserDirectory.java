package dev.msgstore.commands.hashdir;

/**
 * One answer of {@code hashdir}: the directory, under {@code <partition>/=user/}, of a user's files
 * ({@code hh/hh/}, or with {@code -a} {@code hh/hh/=userid/}). It is the line printed.
 */
public record UserDirectory(String user, String directory) {}
