package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code AdaptiveAvgPool2d(size)}: output cell (i, j) averages input rows
 * ⌊i·H/size⌋ … ⌈(i+1)·H/size⌉ − 1 (columns alike), so a 1×1 map is replicated and a map of the
 * target size passes unchanged.
 */
final class AdaptiveAvgPool extends AbstractBlock {

  private final int size;

  AdaptiveAvgPool(int size) {
    super((byte) 1);
    this.size = size;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Shape s = x.getShape();
    long h = s.get(2);
    long w = s.get(3);
    if (h == size && w == size) {
      return new NDList(x);
    }
    List<NDArray> rows = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      long r0 = Math.floorDiv(i * h, size);
      long r1 = -Math.floorDiv(-(i + 1) * h, size);
      List<NDArray> cells = new ArrayList<>();
      for (int j = 0; j < size; j++) {
        long c0 = Math.floorDiv(j * w, size);
        long c1 = -Math.floorDiv(-(j + 1) * w, size);
        NDArray cell = x.get(new NDIndex(":, :, {}:{}, {}:{}", r0, r1, c0, c1));
        cells.add(cell.mean(new int[] {3}).mean(new int[] {2}));
      }
      rows.add(NDArrays.stack(new NDList(cells), 2));
    }
    return new NDList(NDArrays.stack(new NDList(rows), 2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = inputShapes[0];
    return new Shape[] {new Shape(s.get(0), s.get(1), size, size)};
  }
}
