package io.dpfah.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.RawImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import io.dpfah.experiment.TinyRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class AttentionTest {

  private static List<Attention.Sample> samples() {
    List<Attention.Sample> out = new ArrayList<>();
    for (int s = 0; s < 2; s++) {
      byte[] px = new byte[28 * 28];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) ((i * (s + 3)) % 256);
      }
      out.add(new Attention.Sample("s" + s, new RawImage(1, 28, 28, px)));
    }
    return out;
  }

  @Test
  void mapsHaveOneChannelAveragedMapPerBlockWithTheBlockResolution() {
    List<Attention.Sample> samples = samples();
    AttentionMaps pfa = Attention.maps("pfa", samples);
    assertEquals(8, pfa.blocks());
    assertEquals(2, pfa.images());
    int[] sizes = {28, 28, 14, 14, 7, 7, 4, 4};
    for (int b = 0; b < 8; b++) {
      assertEquals(sizes[b], pfa.map(0, b).length, "block " + b);
      assertEquals(sizes[b], pfa.map(1, b)[0].length, "block " + b);
    }
    // PFA weights are sigmoids: strictly inside (0, 1); PFA has no parameters
    Table summary = Attention.summary(pfa);
    assertTrue(summary.doubleColumn("min").min() > 0, summary.print());
    assertTrue(summary.doubleColumn("max").max() < 1, summary.print());
    assertEquals(0, pfa.attentionParameters());
    BufferedImage grid = Plots.attentionGrid(samples, List.of(pfa), 0, 56);
    assertEquals(2 * 60, grid.getWidth());
  }

  @Test
  void seMapsAreConstantOverSpaceAndNoneIsOne() {
    List<Attention.Sample> samples = samples();
    float[][] se = Attention.maps("se", samples).map(0, 2);
    for (float[] row : se) {
      for (float v : row) {
        assertEquals(se[0][0], v, 1e-6);
      }
    }
    float[][] none = Attention.maps("none", samples).map(1, 7);
    assertEquals(1f, none[3][3], 0f);
    AttentionMaps seMaps = Attention.maps("se", samples);
    // SE: two C×C/16 linear layers with biases per block, C in 64,64,128,128,256,256,512,512
    long expected = 0;
    for (int c : new int[] {64, 64, 128, 128, 256, 256, 512, 512}) {
      expected += 2L * c * (c / 16) + c / 16 + c;
    }
    assertEquals(expected, seMaps.attentionParameters());
  }

  @Test
  void parameterTableGivesPfaZero() {
    Table t = Attention.parameters();
    int pfa = t.stringColumn("attention").indexOf("pfa");
    assertEquals(0L, t.longColumn("attention parameters").get(pfa));
    assertEquals("conv2", t.stringColumn("placement").get(pfa));
  }

  /**
   * A PFA run trained here (synthetic 8×8 images, one epoch) is found among the experiment
   * folders and its maps come from its own weights and pipeline: 8 blocks at 8/8/4/4/2/2/1/1
   * pixels, PFA's sigmoid of a positive inverse energy in (0.5, 1). A run with another
   * attention, or without weights, is not picked.
   */
  @Test
  void mapsOfATrainedRunAndFindingOne(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results");
    TinyRun.train(results, "none", "none");
    Path pfa = TinyRun.train(results, "pfa", "pfa");
    assertEquals(Optional.empty(), Attention.trainedRun(List.of(tmp.resolve("nothing"))));
    assertEquals(Optional.of(pfa), Attention.trainedRun(List.of(tmp.resolve("nothing"), results)));
    AttentionMaps maps = Attention.maps(pfa, samples());
    assertEquals("pfa, trained", maps.attention());
    int[] sizes = {8, 8, 4, 4, 2, 2, 1, 1};
    for (int b = 0; b < 8; b++) {
      assertEquals(sizes[b], maps.map(1, b).length, "block " + b);
    }
    Table summary = Attention.summary(maps);
    assertTrue(summary.doubleColumn("min").min() > 0.5, summary.print());
    assertTrue(summary.doubleColumn("max").max() < 1, summary.print());
    try (java.util.stream.Stream<Path> weights = Files.list(pfa.resolve("model"))) {
      for (Path f : weights.toList()) {
        Files.delete(f);
      }
    }
    assertEquals(Optional.empty(), Attention.trainedRun(List.of(results)), "no weights: no pick");
  }
}
