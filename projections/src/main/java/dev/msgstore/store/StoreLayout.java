package dev.msgstore.store;

import java.nio.file.Path;

/** Where things live under a store root (DESIGN.md, "Storage layout"). */
public final class StoreLayout {
  private StoreLayout() {}

  public static Path journal(Path root) {
    return root.resolve("journal");
  }

  public static Path projections(Path root) {
    return root.resolve("projections");
  }

  public static Path config(Path root) {
    return root.resolve("config");
  }

  public static Path log(Path root) {
    return root.resolve("log");
  }
}
