package io.dpfah.spec;

import java.util.List;

/**
 * Backbone and attention.
 *
 * @param backbone resnet18, resnet34 (BasicBlock), resnet50, resnet101 (Bottleneck), alexnet or
 *     vgg16 (torchvision layouts)
 * @param stem imagenet (7x7/2 conv + max-pool) or cifar (3x3/1 conv, no pool); ResNets only
 * @param attention registry name: none, pfa, se, cbam, spatial (ResNets; none for AlexNet/VGG)
 * @param lambda PFA's regulariser lambda (SimAM), default 1e-4
 * @param reduction SE / CBAM channel reduction ratio r, default 16
 * @param spatialKernel CBAM spatial-gate kernel size, default 7
 * @param placement where attention sits in a residual block: auto, conv2 (after conv2, before
 *     bn2: SimAM's place), bn2 (after the block's last BN, before the residual add: SE/CBAM's
 *     place; bn3 in a Bottleneck), output (after the add and ReLU); auto = conv2 for pfa, bn2 for
 *     the others
 * @param zeroInitResidual start every residual block's last BatchNorm with γ = 0 (torchvision's
 *     {@code zero_init_residual}), default false
 * @param pretrained backbone weights: null (random initialisation), a .pth / .safetensors path,
 *     or {@code torchvision} (the standard file in {@code $TORCH_HOME/hub/checkpoints/})
 * @param freeze backbone stages whose parameters are not trained (stem, layer1, …, features)
 * @param bnEval keep the backbone's BatchNorm layers in eval mode (running statistics, not updated)
 * @param fromRun a finished run's folder whose trained network gives a shallow method's features,
 *     or null
 */
public record ModelSpec(
    String backbone,
    String stem,
    String attention,
    double lambda,
    int reduction,
    int spatialKernel,
    String placement,
    boolean zeroInitResidual,
    String pretrained,
    List<String> freeze,
    boolean bnEval,
    String fromRun) {

  /** Normalises {@code freeze} to an immutable list. */
  public ModelSpec {
    freeze = freeze == null ? List.of() : List.copyOf(freeze);
  }

  /** A randomly initialised model spec with everything trainable. */
  public ModelSpec(String backbone, String stem, String attention, double lambda, int reduction,
      int spatialKernel, String placement, boolean zeroInitResidual) {
    this(backbone, stem, attention, lambda, reduction, spatialKernel, placement, zeroInitResidual,
        null, List.of(), false, null);
  }

  /** A model spec with torchvision's default initialisation (no zero-init of residual BNs). */
  public ModelSpec(String backbone, String stem, String attention, double lambda, int reduction,
      int spatialKernel, String placement) {
    this(backbone, stem, attention, lambda, reduction, spatialKernel, placement, false);
  }

  /** This spec with another attention variant. */
  public ModelSpec withAttention(String variant) {
    return new ModelSpec(backbone, stem, variant, lambda, reduction, spatialKernel, placement,
        zeroInitResidual, pretrained, freeze, bnEval, fromRun);
  }

  /** This spec with another backbone. */
  public ModelSpec withBackbone(String name) {
    return new ModelSpec(name, stem, attention, lambda, reduction, spatialKernel, placement,
        zeroInitResidual, pretrained, freeze, bnEval, fromRun);
  }
}
