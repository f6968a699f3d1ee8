package io.dpfah.spec;

/**
 * Backbone and attention.
 *
 * @param backbone resnet18 or resnet34 (torchvision BasicBlock layout)
 * @param stem imagenet (7x7/2 conv + max-pool) or cifar (3x3/1 conv, no pool)
 * @param attention registry name: none, pfa, se, cbam, spatial
 * @param lambda PFA's regulariser lambda (SimAM), default 1e-4
 * @param reduction SE / CBAM channel reduction ratio r, default 16
 * @param spatialKernel CBAM spatial-gate kernel size, default 7
 * @param placement where attention sits in a BasicBlock: auto, conv2 (after conv2, before bn2:
 *     SimAM's place), bn2 (after bn2, before the residual add: SE/CBAM's place), output (after
 *     the add and ReLU); auto = conv2 for pfa, bn2 for the others
 * @param zeroInitResidual start every residual block's last BatchNorm with γ = 0 (torchvision's
 *     {@code zero_init_residual}), default false
 */
public record ModelSpec(
    String backbone,
    String stem,
    String attention,
    double lambda,
    int reduction,
    int spatialKernel,
    String placement,
    boolean zeroInitResidual) {

  /** A model spec with torchvision's default initialisation (no zero-init of residual BNs). */
  public ModelSpec(String backbone, String stem, String attention, double lambda, int reduction,
      int spatialKernel, String placement) {
    this(backbone, stem, attention, lambda, reduction, spatialKernel, placement, false);
  }
}
