package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A hashing network small enough to check by hand or against PyTorch: flatten → Linear(→K) →
 * tanh = u → Linear(K→C) = logits. Its forward returns {@code [u, logits]} like
 * {@link io.dpfah.model.HashingNetwork}, so {@link HashTrainer} trains it unchanged.
 */
final class TinyHashNet extends AbstractBlock {
  private final int bits;
  private final Linear hash;
  private final Linear classifier;

  TinyHashNet(int bits, int classes) {
    super((byte) 1);
    this.bits = bits;
    this.hash = addChildBlock("hash", Linear.builder().setUnits(bits).build());
    this.classifier = addChildBlock("classifier", Linear.builder().setUnits(classes).build());
  }

  Linear hash() {
    return hash;
  }

  Linear classifier() {
    return classifier;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray flat = x.reshape(x.getShape().get(0), -1);
    NDArray u = hash.forward(ps, new NDList(flat), training).singletonOrThrow().tanh();
    return new NDList(u, classifier.forward(ps, new NDList(u), training).singletonOrThrow());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long batch = inputShapes[0].get(0);
    Shape u = new Shape(batch, bits);
    return new Shape[] {u, classifier.getOutputShapes(new Shape[] {u})[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long batch = in.get(0);
    hash.initialize(manager, dataType, new Shape(batch, in.size() / batch));
    classifier.initialize(manager, dataType, new Shape(batch, bits));
  }
}
