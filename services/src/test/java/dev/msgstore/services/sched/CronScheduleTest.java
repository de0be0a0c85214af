package dev.msgstore.services.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local.sched.* schedule: crontab's five fields. */
class CronScheduleTest {
  static final ZonedDateTime THU = ZonedDateTime.of(2026, 12, 3, 14, 37, 20, 0, ZoneOffset.UTC);

  static ZonedDateTime next(String s, ZonedDateTime after) {
    return CronSchedule.parse(s).next(after).orElseThrow();
  }

  static ZonedDateTime at(int month, int day, int hour, int minute) {
    return ZonedDateTime.of(2026, month, day, hour, minute, 0, 0, ZoneOffset.UTC);
  }

  @Test
  void nextTimes() {
    assertEquals(at(12, 3, 14, 38), next("* * * * *", THU));
    assertEquals(at(12, 3, 15, 0), next("0 * * * *", THU));
    assertEquals(at(12, 3, 14, 45), next("*/15 * * * *", THU));
    assertEquals(at(12, 4, 2, 30), next("30 2 * * *", THU));
    assertEquals(at(12, 6, 2, 0), next("0 2 * * 0", THU), "Sunday");
    assertEquals(at(12, 6, 2, 0), next("0 2 * * 7", THU), "7 is Sunday too");
    assertEquals(at(12, 3, 16, 10), next("10 0,4,8,12,16,20 * * *", THU));
    assertEquals(at(12, 4, 9, 0), next("0 9-17/4 * * 1-5", THU.withHour(18)));
    assertEquals(ZonedDateTime.of(2027, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), next("0 0 1 1 *", THU));
    // both day fields restricted: either matches (the 15th, or a Friday: the 4th comes first)
    assertEquals(at(12, 4, 0, 0), next("0 0 15 * 5", THU));
    assertEquals(
        ZonedDateTime.of(2028, 2, 29, 0, 0, 0, 0, ZoneOffset.UTC), next("0 0 29 2 *", THU));
  }

  @Test
  void badFieldsAreNamed() {
    for (List<String> c :
        List.of(
            List.of("61 * * * *", "minute field '61': out of range 0-59"),
            List.of("0 24 * * *", "hour field '24': out of range 0-23"),
            List.of("0 0 0 * *", "day of month field '0': out of range 1-31"),
            List.of("0 0 * 13 *", "month field '13': out of range 1-12"),
            List.of("0 0 * * 8", "day of week field '8': out of range 0-7"),
            List.of("*/0 * * * *", "minute field '*/0': a step is 1 or more"),
            List.of("a * * * *", "minute field 'a': not a number, *, range or step"),
            List.of("5-1 * * * *", "minute field '5-1': out of range 0-59"),
            List.of(
                "0 * * *",
                "'0 * * *': a schedule is five fields: minute hour day month weekday"))) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CronSchedule.parse(c.get(0)));
      assertEquals(c.get(1), e.getMessage());
    }
  }

  @Test
  void aScheduledCommand() {
    ScheduledCommand c =
        ScheduledCommand.parse(
            "local.sched.userpurge", "msuserpurge", "30 2 * * 0 /opt/msg/lib/msuserpurge -g 10");
    assertEquals("30 2 * * 0", c.schedule().text());
    assertEquals(List.of("-g", "10"), c.args());
    assertEquals(
        "local.sched.userpurge: runs msuserpurge, not 'impurge'",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ScheduledCommand.parse(
                        "local.sched.userpurge", "msuserpurge", "0 2 * * * impurge"))
            .getMessage());
    assertEquals(
        "local.sched.userpurge: hour field '25': out of range 0-23",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    ScheduledCommand.parse(
                        "local.sched.userpurge", "msuserpurge", "0 25 * * * msuserpurge"))
            .getMessage());
  }
}
