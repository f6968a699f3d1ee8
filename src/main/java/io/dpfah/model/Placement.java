package io.dpfah.model;

import java.util.Arrays;
import java.util.Locale;

/** Where the attention module sits inside a BasicBlock. */
public enum Placement {
  /** After conv2, before bn2 (SimAM's place). */
  CONV2,
  /** After bn2, before the residual add (SE / CBAM's place). */
  BN2,
  /** After the residual add and the final ReLU. */
  OUTPUT;

  /**
   * Resolves a spec placement name ({@code auto}, {@code conv2}, {@code bn2}, {@code output});
   * {@code auto} = {@link #CONV2} for {@code pfa}, {@link #BN2} for every other variant.
   */
  public static Placement resolve(String placement, String attention) {
    String p = placement == null ? "auto" : placement.toLowerCase(Locale.ROOT);
    if (p.equals("auto")) {
      return "pfa".equals(attention) ? CONV2 : BN2;
    }
    for (Placement value : values()) {
      if (value.name().toLowerCase(Locale.ROOT).equals(p)) {
        return value;
      }
    }
    throw new ModelException(
        "model.placement: expected auto or one of "
            + Arrays.toString(values()).toLowerCase(Locale.ROOT)
            + ", got '"
            + placement
            + "'");
  }
}
