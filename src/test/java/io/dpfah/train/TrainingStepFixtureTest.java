package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Labels;
import io.dpfah.loss.HashingLoss;
import io.dpfah.loss.LossInputs;
import io.dpfah.model.FusedOps;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two training steps of {@link HashTrainer} with the DPSH code memory, single- and multi-label,
 * against PyTorch: {@code src/test/resources/fixtures/training/make_fixtures.py} builds the same
 * tiny network ({@link TinyHashNet}) with the same weights and inputs, applies the README's
 * objective (DPSH against every memory row, unseen rows 0; CE or BCE; quantisation; weights
 * 1, 1, 0.1) and torch.optim.Adam (lr 0.01, L2 weight decay 0.01) under a per-batch cosine
 * schedule, and records losses, gradients and updated weights.
 */
class TrainingStepFixtureTest {
  /** float32 arithmetic in two libtorch versions agrees far better than this. */
  private static final double REL = 1e-5;

  private record Fixture(JsonNode root) {
    static Fixture load(String name) throws IOException {
      try (InputStream in = TrainingStepFixtureTest.class.getResourceAsStream(
          "/fixtures/training/" + name + ".json")) {
        return new Fixture(new ObjectMapper().readTree(in));
      }
    }

    boolean multiLabel() {
      return root.get("multi_label").asBoolean();
    }

    int bits() {
      return root.get("bits").asInt();
    }

    int classes() {
      return root.get("classes").asInt();
    }

    int[] train() {
      return ints(root.get("train"));
    }

    JsonNode step(int k) {
      return root.get("steps").get(k);
    }

    int steps() {
      return root.get("steps").size();
    }

    Labels poolLabels() {
      JsonNode l = root.get("pool_labels");
      if (!multiLabel()) {
        return Labels.ofClassIds(ints(l), classes());
      }
      byte[][] rows = new byte[l.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = new byte[l.get(i).size()];
        for (int c = 0; c < rows[i].length; c++) {
          rows[i][c] = (byte) l.get(i).get(c).asInt();
        }
      }
      return Labels.ofMultiHot(rows);
    }

    /** The batch of pool images {@code poolIndices}, 1×8×8 each. */
    Batch batch(int[] poolIndices) {
      float[] images = floats(root.get("images"));
      int pixels = images.length / root.get("pool_labels").size();
      float[] x = new float[poolIndices.length * pixels];
      for (int i = 0; i < poolIndices.length; i++) {
        System.arraycopy(images, poolIndices[i] * pixels, x, i * pixels, pixels);
      }
      return new Batch(poolIndices, x, 1, 8, 8, poolLabels().subset(poolIndices));
    }

    ExperimentSpec spec() {
      JsonNode adam = root.get("adam");
      JsonNode w = root.get("loss_weights");
      String yaml = String.format(Locale.ROOT, """
          name: tiny
          seed: 3
          data: {dataset: synthetic, image_size: 8, channels: 1}
          hash: {bits: %d}
          loss: {pairwise: %s, classification: %s, quantization: %s, memory: true}
          optim: {optimizer: adam, lr: %s, weight_decay: %s, batch_size: 2, epochs: %d,
                  schedule: %s}
          """, bits(), w.get("pairwise"), w.get("classification"), w.get("quantization"),
          adam.get("lr"), adam.get("weight_decay"), adam.get("epochs").asInt(),
          adam.get("schedule").asText());
      return SpecLoader.parse(yaml, "tiny.yaml", List.of());
    }
  }

  private static int[] ints(JsonNode a) {
    int[] v = new int[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.get(i).asInt();
    }
    return v;
  }

  private static float[] floats(JsonNode a) {
    float[] v = new float[a.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) a.get(i).asDouble();
    }
    return v;
  }

  /** Parameters of the tiny network by the fixture's names. */
  private static Map<String, Parameter> parameters(TinyHashNet net) {
    Map<String, Parameter> p = new LinkedHashMap<>();
    p.put("hash.weight", net.hash().getParameters().get("weight"));
    p.put("hash.bias", net.hash().getParameters().get("bias"));
    p.put("classifier.weight", net.classifier().getParameters().get("weight"));
    p.put("classifier.bias", net.classifier().getParameters().get("bias"));
    return p;
  }

  private static void setWeights(TinyHashNet net, JsonNode weights) {
    parameters(net).forEach((name, p) -> p.getArray().set(floats(weights.get(name))));
  }

  private static Map<String, float[]> weights(TinyHashNet net) {
    Map<String, float[]> w = new LinkedHashMap<>();
    parameters(net).forEach((name, p) -> w.put(name, p.getArray().toFloatArray()));
    return w;
  }

  /** max |actual − expected| ≤ rel · max |expected|, elementwise over the whole array. */
  static void assertClose(float[] expected, float[] actual, double rel, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    double scale = 0;
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertTrue(worst <= rel * scale, what + ": max deviation " + worst + " > " + rel + " × "
        + scale);
  }

  private static void assertRel(double expected, double actual, String what) {
    assertEquals(expected, actual, REL * Math.abs(expected), what);
  }

  private static HashTrainer trainer(Fixture f, Model model) {
    model.setBlock(new TinyHashNet(f.bits(), f.classes()));
    return new HashTrainer(f.spec(), model, f.poolLabels(), f.train());
  }

  /**
   * The production training loop: one epoch of the fixture's two batches. The epoch record's
   * mean loss and terms, the learning rate of the last update, and the weights after each step
   * must be PyTorch's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"single_label", "multi_label"})
  void twoStepsOfTheTrainingLoopMatchPyTorch(String name) throws IOException {
    Fixture f = Fixture.load(name);
    try (Model model = Model.newInstance("tiny", Device.cpu(), "PyTorch")) {
      try (HashTrainer trainer = trainer(f, model)) {
        TinyHashNet net = (TinyHashNet) model.getBlock();
        setWeights(net, f.root().get("initial_weights"));
        List<Map<String, float[]>> afterStep = new ArrayList<>();
        Iterable<Batch> epoch = () -> new Iterator<>() {
          int k;

          @Override
          public boolean hasNext() {
            return k < f.steps();
          }

          @Override
          public Batch next() {
            if (k > 0) {
              afterStep.add(weights(net));
            }
            return f.batch(ints(f.step(k++).get("pool_indices")));
          }
        };
        List<EpochRecord> records = new ArrayList<>();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        trainer.train((e, from) -> epoch, r -> r, new Progress(quiet, false, 1), records::add,
            null);
        afterStep.add(weights(net));
        // on x86-64 Linux (JDK 17 with the incubator module, or 21+) these figures are those of
        // the fused Adam kernel, which is what `dpfah run` uses there
        assertEquals(FusedOps.platformSupported(), trainer.fusedUpdates(), "fused update used");

        assertEquals(1, records.size());
        EpochRecord rec = records.get(0);
        JsonNode mean = f.root().get("epoch_mean");
        assertRel(mean.get("total").asDouble(), rec.loss(), "epoch mean loss");
        for (String term : List.of("pairwise", "classification", "quantization")) {
          assertRel(mean.get(term).asDouble(), rec.terms().get(term), "epoch mean " + term);
        }
        double lastLr = f.step(f.steps() - 1).get("lr").asDouble();
        assertEquals(lastLr, rec.lr(), 1e-9, "learning rate of the epoch's last update");
        assertEquals(f.steps(), afterStep.size());
        for (int k = 0; k < f.steps(); k++) {
          JsonNode expected = f.step(k).get("weights_after");
          for (Map.Entry<String, float[]> w : afterStep.get(k).entrySet()) {
            assertClose(floats(expected.get(w.getKey())), w.getValue(), REL,
                name + ": " + w.getKey() + " after step " + (k + 1));
          }
        }
      }
    }
  }

  /**
   * Each step on its own, from the fixture's weights and memory before it: the codes, logits,
   * similarity rows against the memory, every loss term and every gradient must be PyTorch's.
   */
  @ParameterizedTest
  @ValueSource(strings = {"single_label", "multi_label"})
  void eachStepsLossesAndGradientsMatchPyTorch(String name) throws IOException {
    Fixture f = Fixture.load(name);
    ExperimentSpec spec = f.spec();
    Labels pool = f.poolLabels();
    Labels trainLabels = pool.subset(f.train());
    for (int k = 0; k < f.steps(); k++) {
      JsonNode step = f.step(k);
      String what = name + " step " + (k + 1);
      try (Model model = Model.newInstance("tiny", Device.cpu(), "PyTorch");
          HashTrainer trainer = trainer(f, model)) {
        TinyHashNet net = (TinyHashNet) model.getBlock();
        setWeights(net, k == 0 ? f.root().get("initial_weights")
            : f.step(k - 1).get("weights_after"));
        Trainer t = trainer.djlTrainer();
        int[] poolIndices = ints(step.get("pool_indices"));
        int[] positions = ints(step.get("positions"));
        Batch b = f.batch(poolIndices);
        try (CodeMemory memory = new CodeMemory(t.getManager(), trainLabels, f.bits());
            NDManager nd = t.getManager().newSubManager()) {
          if (k > 0) {
            memory.update(nd, new int[] {0, 1, 2}, nd.create(
                floats(f.step(k - 1).get("memory_after")), new Shape(3, f.bits())));
          }
          NDArray x = nd.create(b.pixels(), new Shape(b.size(), 1, 8, 8));
          float[] targets = new float[b.size() * f.classes()];
          for (int i = 0; i < b.size(); i++) {
            System.arraycopy(pool.multiHot(poolIndices[i]), 0, targets, i * f.classes(),
                f.classes());
          }
          NDArray y = nd.create(targets, new Shape(b.size(), f.classes()));
          HashingLoss.Result r;
          try (GradientCollector gc = t.newGradientCollector()) {
            NDList out = t.forward(new NDList(x));
            memory.update(nd, positions, out.get(0));
            NDArray similarity = memory.similarity(nd, positions);
            r = new HashingLoss(spec.loss(), true).compute(new LossInputs(out.get(0), out.get(1),
                y, memory.codes(nd), similarity, f.multiLabel()));
            assertClose(floats(step.get("codes")), out.get(0).toFloatArray(), REL, what + " u");
            assertClose(floats(step.get("logits")), out.get(1).toFloatArray(), REL,
                what + " logits");
            assertClose(floats(step.get("similarity")), similarity.toFloatArray(), 0,
                what + " s_ij");
            gc.backward(r.total());
          }
          assertRel(step.get("total").asDouble(), r.total().getFloat(), what + " total");
          for (String term : List.of("pairwise", "classification", "quantization")) {
            assertRel(step.get(term).asDouble(), r.terms().get(term).getFloat(),
                what + " " + term);
          }
          assertClose(floats(step.get("memory_after")), memory.codes(nd).toFloatArray(), REL,
              what + " memory");
          for (Map.Entry<String, Parameter> p : parameters(net).entrySet()) {
            assertClose(floats(step.get("gradients").get(p.getKey())),
                p.getValue().getArray().getGradient().toFloatArray(), REL,
                what + " gradient of " + p.getKey());
          }
        }
      }
    }
  }
}
