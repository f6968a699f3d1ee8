package io.dpfah.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.nn.Block;
import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Labels;
import io.dpfah.method.MethodRegistry;
import io.dpfah.model.HashingNetwork;
import io.dpfah.model.ModelFactory;
import io.dpfah.spec.ExperimentSpec;
import io.dpfah.spec.SpecLoader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The heads of greedyhash and orthohash in the production training loop: the run's optimiser
 * trains GreedyHash's bias-free classifier on sign(u) and OrthoHash's hash-layer BatchNorm, the
 * epoch record carries each method's terms, and greedyhash refuses multi-label data.
 */
class MethodHeadTrainingTest {
  private static final int IMAGES = 8;
  private static final int SIZE = 16;

  private static ExperimentSpec spec(String method) {
    String yaml = """
        name: heads
        seed: 1
        data: {dataset: synthetic, image_size: %d, normalization: none}
        model: {backbone: resnet18, stem: cifar, attention: none}
        hash: {bits: 8}
        method: %s
        optim: {optimizer: adam, lr: 0.01, batch_size: 4, epochs: 1, schedule: none}
        """.formatted(SIZE, method);
    return SpecLoader.parse(yaml, "heads.yaml", List.of());
  }

  private static Model model(ExperimentSpec spec, int classes) {
    Model model = Model.newInstance("heads", Device.cpu(), "PyTorch");
    model.setBlock(ModelFactory.build(spec.model(), spec.hash(), spec.classifier(), classes,
        MethodRegistry.get(spec.method().name()).activation()));
    return model;
  }

  private static float[] param(Block b, String name) {
    return b.getParameters().get(name).getArray().toFloatArray();
  }

  /** Trains one epoch of two random batches; returns the parameters before and after. */
  private static List<float[]> trainOneEpoch(String method, String[] tensors,
      Set<String> terms) {
    ExperimentSpec spec = spec(method);
    Labels labels = Labels.ofClassIds(IntStream.range(0, IMAGES).map(i -> i % 4).toArray(), 4);
    int[] train = IntStream.range(0, IMAGES).toArray();
    try (Model model = model(spec, 4);
        HashTrainer trainer = new HashTrainer(spec, model, labels, train)) {
      HashingNetwork net = (HashingNetwork) model.getBlock();
      Block head = method.equals("greedyhash") ? net.classifier() : net.hashNorm();
      List<float[]> before = new ArrayList<>();
      for (String t : tensors) {
        before.add(param(head, t));
      }
      Random r = new Random(1);
      List<Batch> batches = new ArrayList<>();
      for (int b = 0; b < 2; b++) {
        int[] idx = {4 * b, 4 * b + 1, 4 * b + 2, 4 * b + 3};
        float[] px = new float[idx.length * 3 * SIZE * SIZE];
        for (int i = 0; i < px.length; i++) {
          px[i] = (float) r.nextGaussian();
        }
        batches.add(new Batch(idx, px, 3, SIZE, SIZE, labels.subset(idx)));
      }
      List<EpochRecord> records = new ArrayList<>();
      PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
      trainer.train((e, from) -> batches, rec -> rec, new Progress(quiet, false, 1), records::add,
          null);
      assertEquals(terms, records.get(0).terms().keySet());
      assertTrue(Double.isFinite(records.get(0).loss()));
      List<float[]> out = new ArrayList<>();
      for (int i = 0; i < tensors.length; i++) {
        out.add(before.get(i));
        out.add(param(head, tensors[i]));
      }
      return out;
    }
  }

  @Test
  void greedyHashClassifierIsTrainedByTheRunsOptimiser() {
    List<float[]> w = trainOneEpoch("greedyhash", new String[] {"weight"},
        Set.of("classification", "quantization"));
    assertEquals(8 * 4, w.get(0).length, "Linear(8 → 4) without bias");
    assertFalse(Arrays.equals(w.get(0), w.get(1)), "the classifier's weight moved");
  }

  @Test
  void orthoHashBatchNormIsTrainedByTheRunsOptimiser() {
    List<float[]> w = trainOneEpoch("orthohash", new String[] {"gamma", "beta"},
        Set.of("classification", "quantization"));
    assertFalse(Arrays.equals(w.get(0), w.get(1)), "γ moved");
    assertFalse(Arrays.equals(w.get(2), w.get(3)), "β moved");
  }

  @Test
  void greedyHashRefusesMultiLabelData() {
    ExperimentSpec spec = spec("greedyhash");
    byte[][] rows = new byte[IMAGES][4];
    for (int i = 0; i < IMAGES; i++) {
      rows[i][i % 4] = 1;
      rows[i][(i + 1) % 4] = 1;
    }
    Labels multi = Labels.ofMultiHot(rows);
    try (Model model = model(spec, 4)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new HashTrainer(spec, model, multi, IntStream.range(0, IMAGES).toArray()));
      assertEquals("method greedyhash does not support multi-label data", e.getMessage());
    }
  }
}
