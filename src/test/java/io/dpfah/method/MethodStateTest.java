package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.dpfah.data.Labels;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import io.dpfah.weights.StateDict;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A method's state survives a checkpoint: trained on three batches across an epoch boundary,
 * saved to a file and loaded into a fresh instance, it gives the next batch's loss exactly as
 * the instance that never stopped; a fresh instance without the state gives another loss (so the
 * state matters and the comparison can fail).
 */
class MethodStateTest {
  private static final int N = 12;
  private static final int BITS = 8;
  private static final int CLASSES = 3;

  @TempDir Path tmp;

  private static Method create(String method, NDManager nd) {
    String yaml = "name: s\ndata: {dataset: synthetic}\nhash: {bits: " + BITS + "}\n"
        + "method: {name: " + method + ", dpn: {adaptive: true}, hashnet: {step_continuation: 1}}\n";
    ExperimentSpec spec = SpecLoader.parse(yaml, "s.yaml", List.of());
    int[] ids = IntStream.range(0, N).map(i -> i % CLASSES).toArray();
    Labels labels = Labels.ofClassIds(ids, CLASSES);
    return MethodRegistry.get(method).create(new MethodContext(spec.method(), BITS, CLASSES, N,
        false, 5, spec, labels, null, nd));
  }

  /** Batch k: four training positions with fixed pseudo-random codes and logits. */
  private static float loss(Method m, NDManager parent, int k) {
    try (NDManager nd = parent.newSubManager()) {
      SplittableRandom r = new SplittableRandom(k);
      int[] positions = {(4 * k) % N, (4 * k + 1) % N, (4 * k + 2) % N, (4 * k + 3) % N};
      float[] u = new float[4 * BITS];
      for (int i = 0; i < u.length; i++) {
        u[i] = (float) Math.tanh(r.nextGaussian());
      }
      float[] logits = new float[4 * CLASSES];
      float[] y = new float[4 * CLASSES];
      for (int i = 0; i < 4; i++) {
        y[i * CLASSES + positions[i] % CLASSES] = 1f;
        for (int c = 0; c < CLASSES; c++) {
          logits[i * CLASSES + c] = (float) r.nextGaussian();
        }
      }
      NDArray ua = nd.create(u, new Shape(4, BITS));
      return m.loss(new MethodBatch(nd, ua, nd.create(logits, new Shape(4, CLASSES)),
          nd.create(y, new Shape(4, CLASSES)), positions)).total().getFloat();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dpfah", "dpsh", "dhn", "dsh", "dpn", "hashnet"})
  void aRestoredMethodContinuesExactly(String method) {
    try (NDManager nd = Engine.getEngine("PyTorch").newBaseManager()) {
      Method a = create(method, nd);
      a.beforeEpoch(1);
      loss(a, nd, 0);
      loss(a, nd, 1);
      loss(a, nd, 2);
      a.afterEpoch(1);
      a.beforeEpoch(2);
      loss(a, nd, 3);
      Path file = tmp.resolve(method + ".safetensors");
      StateDict out = new StateDict();
      a.save(out, "method/");
      out.write(file);

      Method b = create(method, nd);
      try (StateDict in = StateDict.read(file)) {
        b.load(in, "method/");
      }
      Method fresh = create(method, nd);
      fresh.beforeEpoch(1);
      float expected = loss(a, nd, 4);
      assertEquals(expected, loss(b, nd, 4), method + ": the restored instance's next loss");
      assertNotEquals(expected, loss(fresh, nd, 4), method + ": without the state it differs");
    }
  }
}
