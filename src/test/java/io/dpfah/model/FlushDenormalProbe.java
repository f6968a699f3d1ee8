package io.dpfah.model;

/** Child-JVM entry for {@link FlushDenormalTest}: toggles the mode and prints probe results. */
public final class FlushDenormalProbe {
  private FlushDenormalProbe() {}

  public static void main(String[] args) {
    boolean before = FlushDenormal.subnormalIsFlushed();
    boolean on = Devices.flushDenormal(true);
    boolean flushedOn = FlushDenormal.subnormalIsFlushed();
    boolean off = Devices.flushDenormal(false);
    boolean flushedOff = FlushDenormal.subnormalIsFlushed();
    System.out.println(
        "before=" + before + " on=" + on + " flushedOn=" + flushedOn + " off=" + off
            + " flushedOff=" + flushedOff);
  }
}
