/**
 * {@code hashdir} (reference Table 71-5). Choices where the reference is silent: the hash is
 * SHA-256 of the UTF-8 user id, first two bytes in lowercase hex ({@code UserDirectoryHash}, the
 * same as {@code mboxutil -x}'s paths); {@code -a} appends the user's own directory as it is on
 * disk ({@code hh/hh/=userid/}); {@code -i} reads one user id a line (blank lines skipped) after
 * any given on the command line; the store is not opened, as the reference says it validates
 * nothing.
 */
package dev.msgstore.commands.hashdir;
