package dev.msgstore.services.daemon;

/** A component's answer to "do you serve?": {@code detail} says what was checked. */
public record Health(boolean ready, String detail) {
  public static Health ready(String detail) {
    return new Health(true, detail);
  }

  public static Health notReady(String detail) {
    return new Health(false, detail);
  }
}
