package io.dpfah.model;

import io.dpfah.spec.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Attention variants by name. Adding a variant = one {@link AttentionModule} class + one line in
 * the static block.
 */
public final class AttentionRegistry {

  private static final Map<String, BiFunction<ModelSpec, Integer, AttentionModule>> FACTORIES =
      new LinkedHashMap<>();

  static {
    FACTORIES.put("none", (spec, c) -> new NoAttention(c));
    FACTORIES.put("pfa", (spec, c) -> new ParameterFreeAttention(c, spec.lambda()));
    FACTORIES.put("se", (spec, c) -> new SqueezeExcitation(c, spec.reduction()));
    FACTORIES.put("cbam", (spec, c) -> new Cbam(c, spec.reduction(), spec.spatialKernel()));
    FACTORIES.put("spatial", (spec, c) -> new SpatialGate(c, spec.spatialKernel()));
  }

  private AttentionRegistry() {}

  /** Registered names, in registration order ({@code none} first). */
  public static List<String> names() {
    return List.copyOf(FACTORIES.keySet());
  }

  /** A new, uninitialised attention block of {@code spec.attention()} for {@code channels}. */
  public static AttentionModule create(ModelSpec spec, int channels) {
    BiFunction<ModelSpec, Integer, AttentionModule> factory = FACTORIES.get(spec.attention());
    if (factory == null) {
      throw new ModelException(
          "model.attention: expected one of " + names() + ", got '" + spec.attention() + "'");
    }
    return factory.apply(spec, channels);
  }

  /** {@code spec.attention()}'s parameter formula for one module with {@code channels}. */
  public static long parameterFormula(ModelSpec spec, int channels) {
    return create(spec, channels).parameterFormula(channels);
  }
}
