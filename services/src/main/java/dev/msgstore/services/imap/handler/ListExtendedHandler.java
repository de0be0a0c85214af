package dev.msgstore.services.imap.handler;

import dev.msgstore.projections.ProjectionReader;
import dev.msgstore.projections.model.Subscription;
import dev.msgstore.services.imap.command.ImapCommand;
import dev.msgstore.services.imap.response.ResponseEncoder;
import dev.msgstore.services.imap.session.ImapSession;
import dev.msgstore.services.imap.session.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * LIST with RFC 5258's extensions: several patterns; the selection options SUBSCRIBED (subscribed
 * names, existing or not: \NonExistent), REMOTE (nothing is remote here) and RECURSIVEMATCH (a
 * parent whose subscribed descendant the patterns do not match itself is listed with CHILDINFO);
 * the return options SUBSCRIBED and CHILDREN (always given, as plain LIST does); and RFC 5819's
 * RETURN (STATUS (...)), a STATUS response after each selectable mailbox the user may read; RFC
 * 6154's special uses always shown, and the SPECIAL-USE selection option keeping only those with
 * one.
 */
final class ListExtendedHandler {
  private ListExtendedHandler() {}

  static Reply handle(ImapSession s, ImapCommand.ListExtended c) throws IOException {
    List<ListPattern> patterns = new ArrayList<>();
    for (String p : c.patterns()) {
      patterns.add(ListPattern.of(c.reference(), p));
    }
    boolean selectSubscribed = c.selection().contains("SUBSCRIBED");
    boolean recursive = c.selection().contains("RECURSIVEMATCH");
    boolean showSubscribed = selectSubscribed || c.returns().contains("SUBSCRIBED");
    if (c.statusItems().contains("HIGHESTMODSEQ")) {
      s.enableCondstore();
    }
    try (ProjectionReader r = s.read()) {
      TreeMap<String, Boolean> all = ListHandler.names(s, r, false);
      TreeSet<String> subscribed = new TreeSet<>();
      for (Subscription sub : r.subscriptions(s.user())) {
        subscribed.add(Names.toImap(s.user(), sub.mailbox()));
      }
      // the names to answer, each with whether it has a selected descendant the patterns miss
      TreeMap<String, Boolean> answer = new TreeMap<>();
      if (selectSubscribed) {
        for (String name : subscribed) {
          if (matches(patterns, name)) {
            answer.putIfAbsent(name, false);
          }
          if (recursive && !matches(patterns, name)) {
            for (int i = name.lastIndexOf('/'); i > 0; i = name.lastIndexOf('/', i - 1)) {
              String parent = name.substring(0, i);
              if (matches(patterns, parent)) {
                answer.put(parent, true);
              }
            }
          }
        }
      } else {
        for (String name : all.keySet()) {
          if (matches(patterns, name)) {
            answer.put(name, false);
          }
        }
      }
      Map<String, String> uses = SpecialUses.attributes(s, r, answer.keySet());
      if (c.selection().contains("SPECIAL-USE")) {
        answer.keySet().retainAll(uses.keySet()); // RFC 6154 section 5.1
      }
      for (Map.Entry<String, Boolean> e : answer.entrySet()) {
        String name = e.getKey();
        Boolean exists = all.get(name);
        StringBuilder attrs = new StringBuilder();
        if (exists == null) {
          attrs.append(" \\NonExistent");
        } else {
          if (!exists) {
            attrs.append(" \\Noselect");
          }
          String after = all.higherKey(name + "/");
          boolean children = after != null && after.startsWith(name + "/");
          attrs.append(children ? " \\HasChildren" : " \\HasNoChildren");
        }
        if (showSubscribed && subscribed.contains(name)) {
          attrs.append(" \\Subscribed");
        }
        if (uses.containsKey(name)) {
          attrs.append(' ').append(uses.get(name));
        }
        s.out()
            .untagged(
                "LIST ("
                    + attrs.toString().strip()
                    + ") \"/\" "
                    + ResponseEncoder.string(name)
                    + (e.getValue() ? " (CHILDINFO (\"SUBSCRIBED\"))" : ""));
        if (!c.statusItems().isEmpty() && Boolean.TRUE.equals(exists)) {
          Optional<Access.Found> found = Access.find(r, s, name);
          if (found.isPresent() && found.get().may('r')) {
            s.out()
                .untagged(
                    "STATUS "
                        + ResponseEncoder.string(name)
                        + " ("
                        + StatusHandler.values(s, r, found.get().mailbox(), c.statusItems())
                        + ")");
          }
        }
      }
    }
    return Reply.ok("LIST completed");
  }

  private static boolean matches(List<ListPattern> patterns, String name) {
    for (ListPattern p : patterns) {
      if (p.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
