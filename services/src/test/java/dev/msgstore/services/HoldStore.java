package dev.msgstore.services;

import dev.msgstore.store.Store;
import java.nio.file.Path;

/** A child JVM that has a store open (as a long verb or a script would) until its input ends. */
public final class HoldStore {
  private HoldStore() {}

  public static void main(String[] args) throws Exception {
    try (Store s = Store.open(Path.of(args[0]))) {
      System.out.println("READY " + s.journal().lastIndex());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the end of standard input
      }
    }
  }
}
