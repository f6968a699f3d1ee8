package io.dpfah.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.dpfah.method.HashActivation;
import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import io.dpfah.spec.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parameter counts of a spec's model and of the same model with each attention variant. */
public final class ParameterTable {

  /**
   * One row of the table.
   *
   * @param variant attention variant name
   * @param fromSpec true for the first row: the spec's own model
   * @param placement resolved placement (conv2, bn2, output)
   * @param counts trainable parameters by role, counted on the initialised DJL block
   * @param attentionFormula attention parameters predicted by the variant's formula summed over
   *     all BasicBlocks (equals {@code counts.attention()} when the implementation is right)
   * @param deltaVsNone total minus the total of the same model with attention {@code none}
   */
  public record Row(
      String variant,
      boolean fromSpec,
      String placement,
      ParameterCount counts,
      long attentionFormula,
      long deltaVsNone) {

    /** All trainable parameters. */
    public long total() {
      return counts.total();
    }
  }

  private ParameterTable() {}

  /**
   * Builds and initialises (input 1×3×imageSize×imageSize, CPU, PyTorch engine) the spec's model
   * and one model per registered attention variant (other settings from the spec), and counts
   * their parameters. First row: the spec's model; then one row per {@link
   * AttentionRegistry#names()} in order (only {@code none} for AlexNet / VGG16).
   *
   * @param activation the method's hash-layer activation (OrthoHash's BatchNorm has parameters)
   */
  public static List<Row> forSpec(ModelSpec model, HashSpec hash, ClassifierSpec classifier,
      int numClasses, int imageSize, HashActivation activation) {
    if (imageSize <= 0) {
      throw new ModelException("imageSize: expected > 0, got " + imageSize);
    }
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager(Device.cpu())) {
      Counter counter = new Counter(hash, classifier, numClasses, imageSize, activation, manager);
      long noneTotal = counter.count(withAttention(model, "none")).total();
      List<Row> rows = new ArrayList<>();
      rows.add(counter.row(model, true, noneTotal));
      List<String> variants = BackboneRegistry.isResNet(model.backbone())
          ? AttentionRegistry.names() : List.of("none");
      for (String name : variants) {
        rows.add(counter.row(withAttention(model, name), false, noneTotal));
      }
      return rows;
    }
  }

  /** Attention parameters predicted by the formula, summed over every BasicBlock of the spec. */
  public static long attentionFormula(ModelSpec model) {
    long sum = 0;
    for (int channels : BackboneRegistry.create(model).channels()) {
      sum += AttentionRegistry.parameterFormula(model, channels);
    }
    return sum;
  }

  /** Builds, initialises and counts networks that differ only in their model spec. */
  private record Counter(HashSpec hash, ClassifierSpec classifier, int numClasses, int imageSize,
      HashActivation activation, NDManager manager) {

    ParameterCount count(ModelSpec model) {
      HashingNetwork net = ModelFactory.build(model, hash, classifier, numClasses, activation);
      try (NDManager scope = manager.newSubManager()) {
        net.initialize(scope, DataType.FLOAT32, new Shape(1, 3, imageSize, imageSize));
        return ParameterCount.of(net);
      }
    }

    Row row(ModelSpec model, boolean fromSpec, long noneTotal) {
      ParameterCount counts = count(model);
      String placement =
          Placement.resolve(model.placement(), model.attention()).name().toLowerCase(Locale.ROOT);
      return new Row(
          model.attention(),
          fromSpec,
          placement,
          counts,
          attentionFormula(model),
          counts.total() - noneTotal);
    }
  }

  /** {@code model} with another attention variant. */
  public static ModelSpec withAttention(ModelSpec model, String attention) {
    return model.withAttention(attention);
  }
}
