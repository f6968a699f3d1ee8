package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.spec.ClassifierSpec;
import io.dpfah.spec.HashSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN switch and the guard against oneDNN's 1×1-convolution SIGFPE, in child JVMs started
 * with the launcher's options for a training command (a native crash would kill Surefire's JVM).
 */
class OneDnnTest {

  @Test
  void theGuardSwitchesOffOnlyForBottlenecksOnCpusWithoutCacheInfo() {
    OneDnn.Mode auto = OneDnn.Mode.parse(null);
    assertEquals(OneDnn.Mode.AUTO, auto);
    assertTrue(OneDnn.disable(auto, true, true, false));
    assertFalse(OneDnn.disable(auto, true, true, true), "caches listed: oneDNN stays");
    assertFalse(OneDnn.disable(auto, true, false, false), "no Bottleneck: oneDNN stays");
    assertFalse(OneDnn.disable(auto, false, true, false), "GPU: oneDNN is not used");
    assertTrue(OneDnn.disable(OneDnn.Mode.parse(" off"), true, false, true));
    assertFalse(OneDnn.disable(OneDnn.Mode.parse("ON"), true, true, false));
    ModelException bad = assertThrows(ModelException.class, () -> OneDnn.Mode.parse("maybe"));
    assertEquals("DPFAH_ONEDNN: expected auto, on or off, got 'maybe'", bad.getMessage());
  }

  @Test
  void bottlenecksAreFoundInResNet50ButNotResNet18() {
    assertTrue(OneDnn.contains(network("resnet50"), Bottleneck.class));
    assertFalse(OneDnn.contains(network("resnet18"), Bottleneck.class));
  }

  @Test
  void oneDnnTogglesAndTheNativeConvolutionGivesTheHandComputedGradient() throws Exception {
    String out = probe("toggle");
    List<String> lines = out.strip().lines().toList();
    int n = lines.size();
    assertEquals("before=true setOff=null off=false setOn=null on=true", lines.get(n - 3), out);
    // y = conv1x1(x) with weights (0.5, -1.5): sum(y^2) = (0.25 + 2.25) sum(x^2), so dx = 5 x.
    float[] expected = {5f, -10f, 15f, 2.5f};
    assertArrayEquals(expected, parse(lines.get(n - 2), "gradOff="), 1e-5f);
    assertArrayEquals(expected, parse(lines.get(n - 1), "gradOn="), 1e-5f);
  }

  @Test
  void aResNet50TrainingStepSurvivesHere() throws Exception {
    String out = probe("train", "resnet50");
    assertTrue(out.contains("stepped"), out);
    assertFalse(out.contains("NNPACK"), "NNPACK is off with oneDNN, so it never warns: " + out);
    boolean guarded = out.contains("guard=oneDNN convolutions off");
    assertEquals(!Files.isDirectory(OneDnn.CACHE_INFO), guarded,
        "the guard applies exactly when " + OneDnn.CACHE_INFO + " is missing: " + out);
  }

  private static HashingNetwork network(String backbone) {
    return ModelFactory.build(Specs.spec(backbone, "imagenet", "none", "auto"), new HashSpec(16),
        new ClassifierSpec(true), 10);
  }

  private static float[] parse(String line, String prefix) {
    assertTrue(line.startsWith(prefix), line);
    String[] parts = line.substring(prefix.length()).replaceAll("[\\[\\] ]", "").split(",");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }

  /** Runs {@link OneDnnProbe} in a child JVM with the launcher's options for {@code run}. */
  private static String probe(String... args) throws IOException, InterruptedException {
    String options = sh(". scripts/launcher.sh; dpfah_jvm_options "
        + Runtime.version().feature() + " run");
    return ChildJvm.run(OneDnnProbe.class, options, args);
  }

  private static String sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), script);
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
  }
}
