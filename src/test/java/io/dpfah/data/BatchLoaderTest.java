package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.DataSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
  static final DataSpec SPEC = Fixtures.spec("x", null, "p", 8, 3, "none",
      new DataSpec.AugmentSpec(true, 2, 0));

  /** 50 grey 8x8 images with distinct random pixels, 5 classes. */
  static InMemoryImageSource pool() {
    byte[] px = new byte[50 * 64];
    new SplittableRandom(3).nextBytes(px);
    int[] ids = IntStream.range(0, 50).map(i -> i % 5).toArray();
    return new InMemoryImageSource(1, 8, 8, px, Labels.ofClassIds(ids, 5),
        List.of("a", "b", "c", "d", "e"), 50, i -> "img " + i);
  }

  static List<BatchLoader.Batch> run(int workers, int epoch, ImageCache cache) {
    InMemoryImageSource pool = pool();
    int[] idx = IntStream.range(3, 46).toArray();
    ImagePipeline pipe = new ImagePipeline(SPEC, ImagePipeline.Mode.TRAIN, null);
    try (BatchLoader l = new BatchLoader(pool, idx, pipe,
        new BatchLoader.Options(8, true, false, workers, 2), 99, cache)) {
      List<BatchLoader.Batch> out = new ArrayList<>();
      l.epoch(epoch).forEach(out::add);
      return out;
    }
  }

  @Test
  void sameSeedSameBatchesWithOneOrFourWorkers() {
    List<BatchLoader.Batch> a = run(1, 0, null);
    List<BatchLoader.Batch> b = run(4, 0, null);
    List<BatchLoader.Batch> c = run(4, 0, new ImageCache(1 << 20));
    assertEquals(6, a.size());
    assertEquals(6, b.size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).poolIndices(), b.get(i).poolIndices());
      assertArrayEquals(a.get(i).pixels(), b.get(i).pixels());
      assertArrayEquals(a.get(i).pixels(), c.get(i).pixels());
    }
  }

  @Test
  void anEpochStartedAtBatchKIsTheFullEpochsTail() {
    List<BatchLoader.Batch> full = run(2, 3, null);
    InMemoryImageSource pool = pool();
    ImagePipeline pipe = new ImagePipeline(SPEC, ImagePipeline.Mode.TRAIN, null);
    try (BatchLoader l = new BatchLoader(pool, IntStream.range(3, 46).toArray(), pipe,
        new BatchLoader.Options(8, true, false, 2, 2), 99, null)) {
      List<BatchLoader.Batch> tail = new ArrayList<>();
      l.epoch(3, 4).forEach(tail::add);
      assertEquals(2, tail.size());
      for (int i = 0; i < 2; i++) {
        assertArrayEquals(full.get(4 + i).poolIndices(), tail.get(i).poolIndices());
        assertArrayEquals(full.get(4 + i).pixels(), tail.get(i).pixels());
      }
      assertFalse(l.epoch(3, 6).iterator().hasNext(), "from the end: nothing left");
    }
  }

  @Test
  void epochCoversIndicesOnceAndLabelsAndPixelsMatch() {
    List<BatchLoader.Batch> e0 = run(2, 0, null);
    List<BatchLoader.Batch> e1 = run(2, 1, null);
    int[] all = e0.stream().flatMapToInt(b -> Arrays.stream(b.poolIndices())).toArray();
    int[] all1 = e1.stream().flatMapToInt(b -> Arrays.stream(b.poolIndices())).toArray();
    assertFalse(Arrays.equals(all, all1), "epochs are shuffled differently");
    Arrays.sort(all);
    assertArrayEquals(IntStream.range(3, 46).toArray(), all);
    assertEquals(3, e0.get(5).size());
    InMemoryImageSource pool = pool();
    ImagePipeline pipe = new ImagePipeline(SPEC, ImagePipeline.Mode.TRAIN, null);
    BatchLoader.Batch b = e0.get(1);
    assertEquals(3, b.channels());
    assertEquals(8, b.height());
    for (int s = 0; s < b.size(); s++) {
      int p = b.poolIndices()[s];
      assertEquals(pool.labels().classId(p), b.labels().classId(s));
      float[] expected = pipe.apply(pool.image(p), new SplittableRandom(BatchLoader.mix(99, 0, p)));
      assertArrayEquals(expected, Arrays.copyOfRange(b.pixels(), s * 192, (s + 1) * 192));
    }
  }

  @Test
  void evaluationKeepsOrderAndDropLastWorks() {
    InMemoryImageSource pool = pool();
    ImagePipeline pipe = new ImagePipeline(SPEC, ImagePipeline.Mode.EVAL, null);
    try (BatchLoader l = new BatchLoader(pool, new int[] {9, 4, 7, 1, 0}, pipe,
        new BatchLoader.Options(2, false, true, 1, 0), 1, null)) {
      assertEquals(2, l.numBatches());
      List<int[]> got = new ArrayList<>();
      l.epoch(0).forEach(x -> got.add(x.poolIndices()));
      assertEquals(2, got.size());
      assertArrayEquals(new int[] {9, 4}, got.get(0));
      assertArrayEquals(new int[] {7, 1}, got.get(1));
    }
  }

  @Test
  void decodeErrorsSurfaceWithOrigin() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("bl");
    try {
      ImageFolderSourceTest.png(dir.resolve("a/1.png"), 8, 8, 0);
      java.nio.file.Files.writeString(dir.resolve("a/2.png"), "junk");
      ImageFolderSource src = ImageFolderSource.load(dir);
      ImagePipeline pipe = new ImagePipeline(SPEC, ImagePipeline.Mode.EVAL, null);
      try (BatchLoader l = new BatchLoader(src, new int[] {0, 1}, pipe,
          BatchLoader.Options.evaluation(2, 2), 1, null)) {
        DataException e = assertThrows(DataException.class, () -> l.epoch(0).iterator().next());
        assertTrue(e.getMessage().contains("2.png"), e.getMessage());
      }
    } finally {
      try (var s = java.nio.file.Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
