package io.dpfah.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What torchvision's BasicBlock and Bottleneck share: conv1 → bn1 → ReLU → conv2 → [conv2] → bn2,
 * a subclass's further layers ({@link #tail}), [bn2] → + shortcut → ReLU → [output], where the
 * bracket named by the {@link Placement} holds the attention. The shortcut is the identity, or
 * conv1×1(stride) + BN when the stride or the channel count changes.
 *
 * <p>Child blocks are registered in torchvision's module order (conv1, bn1, conv2, bn2, the
 * subclass's extras, attention, downsample), which fixes the order of seeded initialisation.
 */
abstract class AbstractResidualBlock extends AbstractBlock implements ResidualBlock {

  protected final Conv2d conv1;
  protected final BatchNorm bn1;
  protected final Conv2d conv2;
  protected final BatchNorm bn2;
  private final Map<String, Block> extras;
  private final AttentionModule attention;
  private final Placement placement;
  private final SequentialBlock downsample;

  /**
   * Registers the shared layers, then {@code extras} under their names, then the attention and
   * the projection shortcut (when {@code stride != 1 || inChannels != outChannels}).
   */
  protected AbstractResidualBlock(Conv2d conv1, Conv2d conv2, Map<String, Block> extras,
      int inChannels, int outChannels, int stride, AttentionModule attention,
      Placement placement) {
    super((byte) 1);
    this.conv1 = addChildBlock("conv1", conv1);
    this.bn1 = addChildBlock("bn1", BatchNorm.builder().build());
    this.conv2 = addChildBlock("conv2", conv2);
    this.bn2 = addChildBlock("bn2", BatchNorm.builder().build());
    this.extras = new LinkedHashMap<>();
    extras.forEach((name, block) -> this.extras.put(name, addChildBlock(name, block)));
    this.attention = addChildBlock("attention", attention);
    this.placement = placement;
    this.downsample = stride != 1 || inChannels != outChannels
        ? addChildBlock("downsample", new SequentialBlock()
            .add(Convs.conv(outChannels, 1, stride, 0))
            .add(BatchNorm.builder().build()))
        : null;
  }

  /** The subclass's layer registered under {@code name}. */
  @SuppressWarnings("unchecked")
  protected final <B extends Block> B extra(String name) {
    return (B) extras.get(name);
  }

  /**
   * The residual branch after bn2 up to its last BatchNorm: the identity for BasicBlock,
   * ReLU → conv3 → bn3 for Bottleneck.
   */
  protected abstract NDList tail(ParameterStore ps, NDList y, boolean training);

  @Override
  public final Map<String, Block> torchModules() {
    Map<String, Block> m = new LinkedHashMap<>();
    m.put("conv1", conv1);
    m.put("bn1", bn1);
    m.put("conv2", conv2);
    m.put("bn2", bn2);
    m.putAll(extras);
    if (downsample != null) {
      m.put("downsample.0", downsample.getChildren().get(0).getValue());
      m.put("downsample.1", downsample.getChildren().get(1).getValue());
    }
    return m;
  }

  @Override
  public final AttentionModule attention() {
    return attention;
  }

  /** The placement of this block's attention. */
  protected final Placement placement() {
    return placement;
  }

  @Override
  protected final NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    Temporaries t = new Temporaries(x, !probed(params));
    NDList y = t.next(conv1.forward(ps, inputs, training));
    y = t.next(BatchNorms.forward(bn1, ps, y, training));
    y = t.next(new NDList(InferenceOps.relu(y.singletonOrThrow())));
    y = t.next(conv2.forward(ps, y, training));
    if (placement == Placement.CONV2) {
      y = t.next(AttentionProbe.attend(attention, ps, y, training, params));
    }
    y = t.next(BatchNorms.forward(bn2, ps, y, training));
    y = t.next(tail(ps, y, training));
    if (placement == Placement.BN2) {
      y = t.next(AttentionProbe.attend(attention, ps, y, training, params));
    }
    NDArray shortcut =
        downsample == null ? x : downsample.forward(ps, inputs, training).singletonOrThrow();
    NDList out = !t.releases()
        ? new NDList(Activation.relu(y.singletonOrThrow().add(shortcut)))
        : t.next(new NDList(InferenceOps.addRelu(y.singletonOrThrow(), shortcut)));
    if (shortcut != x && t.releases()) {
      shortcut.close();
    }
    if (placement == Placement.OUTPUT) {
      out = AttentionProbe.attend(attention, ps, out, training, params);
    }
    return out;
  }

  /**
   * The chain of a block's intermediate arrays, each closed as soon as the next exists (unless a
   * probe may hold it, or it is the block's input). Closing drops only this handle: libtorch keeps
   * whatever the backward pass saved. Without it every intermediate lived until the step's
   * manager closed, where PyTorch frees it when the next operation has consumed it.
   */
  private static final class Temporaries {
    private final NDArray input;
    private final boolean release;
    private NDArray last;

    Temporaries(NDArray input, boolean release) {
      this.input = input;
      this.release = release;
      this.last = input;
    }

    NDList next(NDList produced) {
      NDArray a = produced.singletonOrThrow();
      if (release && last != input && last != a) {
        last.close();
      }
      last = a;
      return produced;
    }

    boolean releases() {
      return release;
    }
  }

  /** Whether a probe sees this pass's arrays (then none is overwritten in place). */
  private static boolean probed(PairList<String, Object> params) {
    return params != null && params.get(AttentionProbe.KEY) != null;
  }

  /** Initialises conv1 … bn2 and returns conv2's output shapes. */
  protected final Shape[] initializeHead(NDManager manager, DataType dataType,
      Shape... inputShapes) {
    conv1.initialize(manager, dataType, inputShapes);
    Shape[] mid = conv1.getOutputShapes(inputShapes);
    bn1.initialize(manager, dataType, mid);
    conv2.initialize(manager, dataType, mid);
    Shape[] out = conv2.getOutputShapes(mid);
    bn2.initialize(manager, dataType, out);
    return out;
  }

  /** Initialises the attention for {@code attentionShapes} and the projection shortcut. */
  protected final void initializeRest(NDManager manager, DataType dataType,
      Shape[] attentionShapes, Shape... inputShapes) {
    attention.initialize(manager, dataType, attentionShapes);
    if (downsample != null) {
      downsample.initialize(manager, dataType, inputShapes);
    }
  }
}
