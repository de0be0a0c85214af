package dev.msgstore.commands.imquotacheck;

import java.util.List;

/** What imquotacheck reported ({@code rows}), enforced ({@code -f}) or notified ({@code -n}). */
public record ImquotacheckResult(
    List<QuotaRow> rows, List<DomainEnforcement> domains, List<Notice> notices) {
  public ImquotacheckResult {
    rows = List.copyOf(rows);
    domains = List.copyOf(domains);
    notices = List.copyOf(notices);
  }
}
