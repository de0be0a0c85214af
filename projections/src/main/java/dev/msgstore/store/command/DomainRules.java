package dev.msgstore.store.command;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.store.Rejected;
import dev.msgstore.store.directory.Addresses;
import dev.msgstore.store.directory.DirectoryDomain;
import dev.msgstore.store.directory.Entries;

/** What every change to a hosted domain checks. */
final class DomainRules {
  private DomainRules() {}

  static DirectoryDomain existing(ProjectionReader state, String name) {
    return state
        .directoryDomain(Addresses.domain(name))
        .map(Entries::domain)
        .orElseThrow(() -> Rejected.notFound("no such domain in the directory: " + name));
  }

  static void check(DecisionContext ctx, DirectoryDomain d) {
    if (!d.defaultPartition().isEmpty() && !ctx.partitions().exists(d.defaultPartition())) {
      throw Rejected.notFound("no such partition: " + d.defaultPartition());
    }
  }
}
