package dev.msgstore.commands.reconstruct;

import java.util.List;

/**
 * A check of one aspect of the projections against what they are derived from ({@code "mailbox
 * index"}, {@code "quota"}, {@code "ACL index"}): each inconsistency found, described; when some
 * were found and {@code -n} was not given, the figures of the rebuild from the journal ({@code
 * rebuilt}, null otherwise) and the inconsistencies that remain after it.
 */
public record IndexCheck(
    String aspect, List<String> inconsistencies, Figures rebuilt, List<String> remaining) {
  public IndexCheck {
    inconsistencies = List.copyOf(inconsistencies);
    remaining = List.copyOf(remaining);
  }
}
