package io.dpfah.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dpfah.data.BatchLoader.Batch;
import io.dpfah.data.Labels;
import io.dpfah.spec.ExperimentSpec;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainingBenchmarkTest {

  private static final Labels FIVE = Labels.ofClassIds(new int[] {0, 1, 2, 0, 1}, 3);

  /** The first {@code count} batches of {@link TrainingBenchmark.Batches}. */
  private static List<Batch> batches(int batch, int count, int channels, int size, long seed,
      boolean shuffle) {
    TrainingBenchmark.Batches source =
        new TrainingBenchmark.Batches(FIVE, batch, channels, size, seed, shuffle);
    return IntStream.range(0, count).mapToObj(source::get).toList();
  }

  @Test
  void encodingBatchesWalkTheImagesInOrderAndWrap() {
    List<Batch> b = batches(2, 4, 3, 4, 7, false);
    assertEquals(4, b.size());
    assertArrayEquals(new int[] {0, 1}, b.get(0).poolIndices());
    assertArrayEquals(new int[] {2, 3}, b.get(1).poolIndices());
    assertArrayEquals(new int[] {4, 0}, b.get(2).poolIndices());
    assertArrayEquals(new int[] {1, 2}, b.get(3).poolIndices());
    assertEquals(2 * 3 * 4 * 4, b.get(0).pixels().length);
    assertSame(b.get(0).pixels(), b.get(2).pixels(), "two pixel arrays used in turn");
    assertNotSame(b.get(0).pixels(), b.get(1).pixels());
    assertEquals(2, b.get(1).labels().classId(0), "labels of pool images 2 and 3");
    assertEquals(0, b.get(1).labels().classId(1));
  }

  @Test
  void trainingBatchesFollowOnePermutation() {
    List<Batch> b = batches(2, 5, 1, 2, 7, true);
    // five batches of two walk the permutation twice: the first 5 positions are each image once
    int[] walk = b.stream().flatMapToInt(x -> Arrays.stream(x.poolIndices())).toArray();
    assertArrayEquals(IntStream.range(0, 5).toArray(),
        Arrays.stream(walk, 0, 5).sorted().toArray());
    assertArrayEquals(Arrays.copyOfRange(walk, 0, 5), Arrays.copyOfRange(walk, 5, 10));
    float[] p = b.get(0).pixels();
    double mean = 0;
    for (float v : p) {
      mean += v;
    }
    assertEquals(2 * 1 * 2 * 2, p.length);
    assertNotEquals(0.0, mean, "standard-normal pixels, not zeros");
  }

  @Test
  void specIsTheDefaultsWithTheSettingsThenTheOverrides() {
    ExperimentSpec s = TrainingBenchmark.spec(new TrainingBenchmark.Settings(
        TrainingBenchmark.Mode.TRAIN, "resnet50", 64, "pfa", 32, 128, 16, 10, 100, 1, 0, 2, 2,
        "cpu", 9, List.of("loss.quantization=0.5"), null));
    assertEquals("resnet50", s.model().backbone());
    assertEquals("imagenet", s.model().stem());
    assertEquals("pfa", s.model().attention());
    assertEquals(64, s.data().imageSize());
    assertEquals(3, s.data().channels());
    assertEquals(32, s.optim().batchSize());
    assertEquals(128, s.eval().batchSize());
    assertEquals(16, s.hash().bits());
    assertEquals(2, s.threads());
    assertEquals(9, s.seed());
    // project defaults the benchmark relies on
    assertEquals("dpfah", s.method().name());
    assertEquals("adam", s.optim().optimizer());
    assertEquals(1e-3, s.optim().lr());
    assertEquals(1e-5, s.optim().weightDecay());
    assertEquals(1.0, s.loss().pairwise());
    assertEquals(1.0, s.loss().classification());
    assertEquals(0.5, s.loss().quantization(), "the override wins");
    assertEquals(true, s.loss().memory());
    assertEquals("codes", s.classifier().input());
  }

  @Test
  void warmUpLastsAtLeastItsStepsAndItsSecondsThenTheTimedStepsAreClocked() {
    long[] now = {0};
    List<Integer> asked = new java.util.ArrayList<>();
    Batch any = batches(2, 1, 1, 2, 7, false).get(0);
    TrainingBenchmark.ClockedBatches c = new TrainingBenchmark.ClockedBatches(b -> {
      asked.add(b);
      return any;
    }, 1, 10_000_000_000L, 2, () -> now[0]);
    java.util.Iterator<Batch> it = c.iterator();
    long[] times = {0, 4_000_000_000L, 10_000_000_000L, 12_000_000_000L};
    for (long t : times) {
      now[0] = t;
      assertEquals(true, it.hasNext());
      it.next();
    }
    // batch 1 at 4 s is past --warmup 1 but short of 10 s; batch 2 at 10 s is the first timed one
    assertEquals(2, c.warmupSteps());
    now[0] = 15_000_000_000L;
    assertEquals(false, it.hasNext());
    assertEquals(List.of(0, 1, 2, 3), asked);
    java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
    c.report(2, f);
    assertEquals("2.50000", f.get("wall_s_per_step"));
    assertEquals("0.80", f.get("images_per_s"));
    assertEquals("2500.00", f.get("step_ms_median"));
    assertEquals("3000.00", f.get("step_ms_max"));
  }

  @Test
  void withoutWarmUpSecondsTheStepCountAloneDecides() {
    long[] now = {0};
    Batch any = batches(2, 1, 1, 2, 7, false).get(0);
    TrainingBenchmark.ClockedBatches c =
        new TrainingBenchmark.ClockedBatches(b -> any, 3, 0, 1, () -> now[0]);
    int n = 0;
    for (Batch b : c) {
      now[0] += 1_000_000;
      n++;
    }
    assertEquals(3, c.warmupSteps());
    assertEquals(4, n);
  }
}
