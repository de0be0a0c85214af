package dev.msgstore.services.monitor;

import java.util.ArrayList;
import java.util.List;

/** Times the steps of one check, each from the end of the one before. */
final class Steps {
  private final long start = System.nanoTime();
  private long mark = start;
  private final List<Report.Step> steps = new ArrayList<>();

  void step(String name) {
    long now = System.nanoTime();
    steps.add(new Report.Step(name, (now - mark) / 1e6));
    mark = now;
  }

  /** Adds to the time of a step already taken (a search that loops), or takes it. */
  void add(String name) {
    long now = System.nanoTime();
    double ms = (now - mark) / 1e6;
    mark = now;
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(name)) {
        steps.set(i, new Report.Step(name, steps.get(i).millis() + ms));
        return;
      }
    }
    steps.add(new Report.Step(name, ms));
  }

  double total() {
    return (System.nanoTime() - start) / 1e6;
  }

  Report report(Target t, String error) {
    return new Report(
        t.service(), t.where(), List.copyOf(steps), total(), t.thresholdSeconds(), error);
  }
}
