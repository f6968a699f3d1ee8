package io.dpfah.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.dpfah.weights.StateDict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimiser that owns its whole state — per-parameter slots (momentum, Adam moments) and update
 * counts — so a checkpoint can save it and a resumed run continue bit-identically. DJL's
 * {@code Optimizer.adam()} and {@code sgd()} keep that state in private maps with no way to read
 * or set it (reflection into DJL internals would break with any DJL release); the subclasses
 * perform exactly DJL's updates instead — the same update counting, bias correction and fused
 * engine kernels ({@code NDArrayEx.adamUpdate}, {@code sgdUpdate}) — so their results equal DJL's
 * bit for bit (tested), while the state lives here.
 */
abstract class CheckpointedOptimizer extends Optimizer {

  private static final class Defaults extends OptimizerBuilder<Defaults> {
    @Override
    protected Defaults self() {
      return this;
    }
  }

  /**
   * Parameters by checkpoint name: DJL's parameter ids are random per process, so state is saved
   * under each parameter's path in the block and mapped back to the ids of the rebuilt network.
   *
   * @param nameOfId parameter id → name
   * @param arrays name → the parameter's array
   */
  record Parameters(Map<String, String> nameOfId, Map<String, NDArray> arrays) {
    String name(String id) {
      String n = nameOfId.get(id);
      if (n == null) {
        throw new IllegalStateException("parameter " + id + " is not in the network");
      }
      return n;
    }

    String id(String name) {
      for (Map.Entry<String, String> e : nameOfId.entrySet()) {
        if (e.getValue().equals(name)) {
          return e.getKey();
        }
      }
      throw new IllegalStateException("the checkpoint has state of parameter '" + name
          + "', which the network does not have");
    }
  }

  /** A parameter that the trainer updates: its id and its array (which carries the gradient). */
  record Trainable(String id, NDArray weight) {}

  /**
   * Whether {@link #updateAll} can update these parameters in one go; when not, the trainer
   * calls DJL's per-parameter {@link #update} instead.
   */
  boolean canUpdateAll(List<Trainable> params) {
    return false;
  }

  /**
   * Updates every parameter from its gradient and clears the gradients, as one {@link #update}
   * per parameter (in list order) followed by DJL's zeroing would; only after
   * {@link #canUpdateAll} said yes.
   */
  void updateAll(List<Trainable> params) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " updates per parameter");
  }

  /** Counters of one optimiser, as saved: DJL's per-parameter counts and their running maximum. */
  record Counts(int numUpdate, Map<String, Integer> byParameter) {}

  /** The learning rate of each update (DJL's 1-based update count). */
  protected final Tracker lr;
  /** L2 weight decay, added to the gradient. */
  protected final float weightDecay;
  private final Map<String, Map<String, NDArray>> slots = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new LinkedHashMap<>();
  private int numUpdate;

  CheckpointedOptimizer(Tracker lr, float weightDecay) {
    super(new Defaults());
    this.lr = lr;
    this.weightDecay = weightDecay;
  }

  /**
   * DJL's {@code Optimizer.updateCount}: the parameter's own count goes up by one and the result
   * is the largest count of any parameter so far (so a parameter updated late, after being
   * frozen, still gets the run's step number).
   */
  protected int countUpdate(String parameterId) {
    int c = counts.merge(parameterId, 1, Integer::sum);
    numUpdate = Math.max(numUpdate, c);
    return numUpdate;
  }

  /** The slot's array for the parameter, zeros like the weight (on its device) on first use. */
  protected NDArray slot(String slot, String parameterId, NDArray weight) {
    return slots.computeIfAbsent(slot, s -> new LinkedHashMap<>())
        .computeIfAbsent(parameterId, id -> weight.zerosLike());
  }

  /** Adds this optimiser's state to {@code out} under {@code prefix}. */
  void save(StateDict out, String prefix, Parameters params) {
    Map<String, Integer> byName = new LinkedHashMap<>();
    counts.forEach((id, c) -> byName.put(params.name(id), c));
    out.putMeta(prefix + "counts", new Counts(numUpdate, byName));
    slots.forEach((slot, arrays) -> arrays.forEach((id, a) ->
        out.put(prefix + slot + "/" + params.name(id), a.getShape().getShape(), a::toFloatArray)));
  }

  /** Replaces this optimiser's state by the one {@link #save} wrote under {@code prefix}. */
  void load(StateDict in, String prefix, Parameters params) {
    Counts c = in.meta(prefix + "counts", Counts.class);
    slots.values().forEach(m -> m.values().forEach(NDArray::close));
    slots.clear();
    counts.clear();
    numUpdate = c.numUpdate();
    c.byParameter().forEach((name, n) -> counts.put(params.id(name), n));
    String head = prefix;
    for (String key : in.keys()) {
      if (!key.startsWith(head) || key.equals(head + "counts")) {
        continue;
      }
      String rest = key.substring(head.length());
      int slash = rest.indexOf('/');
      String slot = rest.substring(0, slash);
      String name = rest.substring(slash + 1);
      NDArray weight = params.arrays().get(name);
      if (weight == null) {
        throw new IllegalStateException("the checkpoint has " + slot + " state of parameter '"
            + name + "', which the network does not have");
      }
      NDArray a = weight.getManager().create(in.floats(key), new Shape(in.shape(key)));
      slots.computeIfAbsent(slot, s -> new LinkedHashMap<>()).put(params.id(name), a);
    }
  }
}
