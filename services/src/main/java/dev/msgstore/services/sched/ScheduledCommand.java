package dev.msgstore.services.sched;

import java.util.Arrays;
import java.util.List;

/**
 * A {@code local.sched.*} value: a {@link CronSchedule} then the command to run, as in the
 * reference ({@code 0 2 * * 0 msuserpurge -g 10}). The command is the job's own verb, named alone
 * or by a path ending in it ({@code /opt/.../lib/msuserpurge}); its arguments follow, split on
 * white space.
 */
public record ScheduledCommand(CronSchedule schedule, List<String> args) {
  public ScheduledCommand {
    args = List.copyOf(args);
  }

  public static ScheduledCommand parse(String option, String verb, String value) {
    String[] words = value.strip().split("\\s+");
    if (words.length < 6) {
      throw new IllegalArgumentException(
          option
              + ": '"
              + value.strip()
              + "': five schedule fields, then "
              + verb
              + " and its options");
    }
    CronSchedule when;
    try {
      when = CronSchedule.parse(String.join(" ", Arrays.copyOf(words, 5)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
    String command = words[5];
    String name = command.substring(command.lastIndexOf('/') + 1);
    if (!name.equals(verb)) {
      throw new IllegalArgumentException(option + ": runs " + verb + ", not '" + command + "'");
    }
    return new ScheduledCommand(when, Arrays.asList(words).subList(6, words.length));
  }
}
