package io.dpfah.model;

import io.dpfah.spec.ModelSpec;

/** Test helpers for model specs. */
final class Specs {
  private Specs() {}

  static ModelSpec spec(String backbone, String stem, String attention, String placement) {
    return new ModelSpec(backbone, stem, attention, 1e-4, 16, 7, placement);
  }

  static ModelSpec spec(String attention) {
    return spec("resnet18", "imagenet", attention, "auto");
  }
}
