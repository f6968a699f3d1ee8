package io.dpfah.method;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The fit of a shallow method ({@link MethodDefinition#isShallow}): from the pooled backbone
 * features of the training images to a {@link LinearHash}. Nothing is trained by gradient.
 */
public interface ShallowHasher {

  /** Key of {@link #RANDOM_BACKBONE}. */
  String RANDOM_BACKBONE_KEY = "random_backbone";

  /** The parameter every shallow method has: an explicit opt-in to a random backbone. */
  Param RANDOM_BACKBONE = Param.bool(RANDOM_BACKBONE_KEY, false, "hash the features of a"
      + " randomly initialised (seeded) backbone; needed when neither `model.pretrained` nor"
      + " `model.from_run` is set, and the report labels such runs");

  /**
   * A fitted hash and the objective of each iteration (empty for a method without one).
   *
   * @param hash the linear hash
   * @param objective per iteration, in order
   */
  record Fit(LinearHash hash, List<Double> objective) {
    /** Copies the list. */
    public Fit {
      objective = List.copyOf(objective);
    }
  }

  /**
   * The largest code length the method can fit on features of width {@code width} (checked by
   * spec validation when the backbone is known, and by {@link #fit}).
   */
  default int maxBits(int width) {
    return Integer.MAX_VALUE;
  }

  /**
   * Fits the hash.
   *
   * @param features training features, n×F (one row per training image)
   * @param bits code length K
   * @param seed seed of the method's random draws
   * @throws IllegalArgumentException when K does not fit the features (message names
   *     {@code hash.bits})
   */
  Fit fit(DMatrixRMaj features, int bits, long seed);
}
