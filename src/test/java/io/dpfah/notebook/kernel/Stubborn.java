package io.dpfah.notebook.kernel;

/** Library code (not compiled from a cell, so not instrumented) that ignores interrupts. */
public final class Stubborn {
  private Stubborn() {}

  /** Sleeps in small steps for {@code millis}, swallowing every interrupt. */
  public static void ignoreInterruptsFor(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (System.nanoTime() < end) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException ignored) {
        // deliberately ignored: that is what this class is for
      }
    }
  }
}
