package io.dpfah.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.DataSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImagePipelineTest {
  static final float EPS = 1e-6f;

  static RawImage grey28() {
    byte[] px = new byte[28 * 28];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (1 + i % 250);
    }
    return new RawImage(1, 28, 28, px);
  }

  @Test
  void pads28To32WithZeroBorderOfTwo() {
    ImagePipeline p = new ImagePipeline(
        Fixtures.spec("x", null, "p", 32, 1, "none", null), ImagePipeline.Mode.EVAL, null);
    float[] out = p.apply(grey28(), new SplittableRandom(0));
    assertEquals(32 * 32, out.length);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        boolean inside = y >= 2 && y < 30 && x >= 2 && x < 30;
        float expected = inside ? (1 + ((y - 2) * 28 + (x - 2)) % 250) / 255f : 0f;
        assertEquals(expected, out[y * 32 + x], EPS, "pixel " + y + "," + x);
      }
    }
  }

  @Test
  void greyReplicatedToThreeChannels() {
    ImagePipeline p = new ImagePipeline(
        Fixtures.spec("x", null, "p", 32, 3, "none", null), ImagePipeline.Mode.EVAL, null);
    float[] out = p.apply(grey28(), new SplittableRandom(0));
    assertEquals(3 * 1024, out.length);
    for (int i = 0; i < 1024; i++) {
      assertEquals(out[i], out[1024 + i]);
      assertEquals(out[i], out[2048 + i]);
    }
    assertEquals(1 / 255f, out[2 * 32 + 2], EPS);
  }

  @Test
  void imagenetNormalisationValues() {
    DataSpec spec = Fixtures.spec("x", null, "p", 1, 3, "imagenet", null);
    ImagePipeline p = new ImagePipeline(spec, ImagePipeline.Mode.EVAL,
        Normalization.resolve(spec, null));
    float[] out = p.apply(new RawImage(3, 1, 1, new byte[] {(byte) 255, 0, (byte) 51}),
        new SplittableRandom(0));
    assertEquals((1 - 0.485f) / 0.229f, out[0], 1e-5);
    assertEquals((0 - 0.456f) / 0.224f, out[1], 1e-5);
    assertEquals((0.2f - 0.406f) / 0.225f, out[2], 1e-5);
  }

  @Test
  void datasetNormalisationFromTrainSplit() {
    // pool of 1x1x2 grey images: train = {0: [0, 255]}, {1: [255, 255]}; pool item 2 not in train
    InMemoryImageSource pool = new InMemoryImageSource(1, 1, 2,
        new byte[] {0, (byte) 255, (byte) 255, (byte) 255, 7, 7},
        Labels.ofClassIds(new int[] {0, 0, 0}, 1), java.util.List.of("a"), 3, i -> "i" + i);
    DataSpec spec = Fixtures.spec("x", null, "p", 2, 1, "dataset", null);
    ImagePipeline prep = new ImagePipeline(
        new DataSpec("x", null, "p", 2, 1, "dataset", null, null, null, 1, false),
        ImagePipeline.Mode.EVAL, null);
    Normalization n = Normalization.compute(pool, new int[] {0, 1}, prep);
    // values/255 = {0, 1, 1, 1}: mean 0.75, population std sqrt(0.75*0.25)
    assertEquals("dataset", n.kind());
    assertEquals(0.75f, n.mean()[0], 1e-6);
    assertEquals((float) Math.sqrt(0.1875), n.std()[0], 1e-6);
    ImagePipeline p = new ImagePipeline(spec, ImagePipeline.Mode.EVAL, n);
    float[] out = p.apply(pool.image(0), new SplittableRandom(0));
    assertEquals(-0.75f / (float) Math.sqrt(0.1875), out[0], 1e-5);
  }

  @Test
  void flipIsMirrorOrIdentityAndBothOccur() {
    DataSpec spec = Fixtures.spec("x", null, "p", 4, 1, "none",
        new DataSpec.AugmentSpec(true, 0, 0));
    ImagePipeline train = new ImagePipeline(spec, ImagePipeline.Mode.TRAIN, null);
    ImagePipeline eval = new ImagePipeline(spec, ImagePipeline.Mode.EVAL, null);
    byte[] px = new byte[16];
    for (int i = 0; i < 16; i++) {
      px[i] = (byte) (i * 10);
    }
    RawImage img = new RawImage(1, 4, 4, px);
    float[] identity = eval.apply(img, new SplittableRandom(0));
    float[] mirror = new float[16];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        mirror[y * 4 + x] = identity[y * 4 + 3 - x];
      }
    }
    int flips = 0;
    for (int s = 0; s < 40; s++) {
      float[] out = train.apply(img, new SplittableRandom(s));
      boolean same = java.util.Arrays.equals(out, identity);
      boolean mirrored = java.util.Arrays.equals(out, mirror);
      assertTrue(same || mirrored, "seed " + s);
      flips += mirrored ? 1 : 0;
    }
    assertTrue(flips > 5 && flips < 35, "flips " + flips);
    assertEquals(30 / 255f, mirror[0], EPS);
  }

  @Test
  void padCropIsAZeroFilledShiftWithinPadding() {
    DataSpec spec = Fixtures.spec("x", null, "p", 4, 1, "none",
        new DataSpec.AugmentSpec(false, 1, 0));
    ImagePipeline train = new ImagePipeline(spec, ImagePipeline.Mode.TRAIN, null);
    byte[] px = new byte[16];
    for (int i = 0; i < 16; i++) {
      px[i] = (byte) (i + 1);
    }
    RawImage img = new RawImage(1, 4, 4, px);
    java.util.Set<String> shifts = new java.util.HashSet<>();
    for (int s = 0; s < 60; s++) {
      float[] out = train.apply(img, new SplittableRandom(s));
      boolean found = false;
      for (int dy = -1; dy <= 1 && !found; dy++) {
        for (int dx = -1; dx <= 1 && !found; dx++) {
          boolean ok = true;
          for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
              int sy = y + dy;
              int sx = x + dx;
              float e = sy < 0 || sy > 3 || sx < 0 || sx > 3 ? 0 : (sy * 4 + sx + 1) / 255f;
              ok &= Math.abs(out[y * 4 + x] - e) < EPS;
            }
          }
          if (ok) {
            found = true;
            shifts.add(dy + "," + dx);
          }
        }
      }
      assertTrue(found, "seed " + s);
    }
    assertEquals(9, shifts.size());
  }

  @Test
  void bilinearMatchesHandComputedValues() {
    RawImage up = Resize.bilinear(new RawImage(1, 1, 2, new byte[] {0, 100}), 1, 4);
    assertArrayEquals(new byte[] {0, 25, 75, 100}, up.pixels());
    RawImage down = Resize.bilinear(new RawImage(1, 1, 4, new byte[] {0, 40, 80, 120}), 1, 2);
    // triangle filter of half-width 2 centred at 1.0: weights .75,.75,.25 -> (30+20)/1.75 = 28.57
    assertEquals(29, down.pixels()[0] & 0xff);
    assertEquals(91, down.pixels()[1] & 0xff);
    byte[] flat = new byte[3 * 7 * 9];
    java.util.Arrays.fill(flat, (byte) 77);
    RawImage r = Resize.bilinear(new RawImage(3, 7, 9, flat), 5, 5);
    for (byte b : r.pixels()) {
      assertEquals(77, b);
    }
  }

  @Test
  void resizeThenCentreCropInEval() {
    DataSpec spec = Fixtures.spec("x", null, "p", 2, 1, "none",
        new DataSpec.AugmentSpec(false, 0, 4));
    ImagePipeline eval = new ImagePipeline(spec, ImagePipeline.Mode.EVAL, null);
    byte[] px = new byte[16];
    for (int i = 0; i < 16; i++) {
      px[i] = (byte) i;
    }
    float[] out = eval.apply(new RawImage(1, 4, 4, px), new SplittableRandom(0));
    assertArrayEquals(new float[] {5 / 255f, 6 / 255f, 9 / 255f, 10 / 255f}, out, EPS);
  }
}
