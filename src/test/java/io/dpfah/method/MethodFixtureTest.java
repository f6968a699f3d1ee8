package io.dpfah.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case folder of {@code ../shared/fixtures/methods} (DeepHash-pytorch's loss classes) and
 * of {@code src/test/resources/fixtures/methods} (made by its committed script): each step's loss
 * and gradient to 1e-5 relative.
 */
class MethodFixtureTest {
  static final Path SHARED = Path.of("..", "shared", "fixtures", "methods");
  static final Path OWN = Path.of("src", "test", "resources", "fixtures", "methods");
  private static final double REL = 1e-5;

  static Stream<Path> cases() throws IOException {
    assertTrue(Files.isDirectory(SHARED), "fixture folder " + SHARED.toAbsolutePath()
        + " is missing; tests expect ../shared/fixtures next to the project directory");
    Stream<Path> own = Files.isDirectory(OWN) ? Files.list(OWN) : Stream.empty();
    return Stream.concat(Files.list(SHARED), own)
        .filter(p -> Files.isRegularFile(p.resolve("case.json"))).sorted();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reproducesReferenceLossAndGradient(Path dir) {
    FixtureCase c = FixtureCase.load(dir);
    FixtureCase.Outcome out = c.run();
    double[] worst = relativeDifferences(c, out);
    System.out.printf(Locale.ROOT, "%s: max relative difference loss %.2e, gradient %.2e%n",
        dir.getFileName(), worst[0], worst[1]);
    assertTrue(worst[0] <= REL, dir + ": loss differs by " + worst[0]);
    assertTrue(worst[1] <= REL, dir + ": gradient differs by " + worst[1]);
  }

  @Test
  void everyReferenceMethodHasACase() throws IOException {
    Set<String> covered = new TreeSet<>();
    try (Stream<Path> dirs = cases()) {
      for (Path dir : dirs.toList()) {
        covered.add(FixtureCase.load(dir).method().name());
      }
    }
    for (MethodDefinition d : MethodRegistry.all()) {
      // a shallow method has no loss; ITQ's fit has its own reference case (ItqReferenceTest)
      String m = d.name();
      assertTrue(m.equals(MethodRegistry.DEFAULT) || d.isShallow() || covered.contains(m),
          "method " + m + " has no fixture case (covered: " + covered + ")");
    }
  }

  /** Max relative difference of the losses and of the gradients (relative to max |g| per step). */
  static double[] relativeDifferences(FixtureCase c, FixtureCase.Outcome out) {
    double loss = 0;
    double grad = 0;
    List<FixtureCase.Step> steps = c.steps();
    assertFalse(steps.isEmpty());
    for (int k = 0; k < steps.size(); k++) {
      FixtureCase.Step s = steps.get(k);
      loss = Math.max(loss, Math.abs(out.losses()[k] - s.loss())
          / Math.max(Math.abs(s.loss()), 1e-12));
      float[] ref = s.gradient();
      float[] got = out.gradients().get(k);
      assertEquals(ref.length, got.length);
      double scale = 1e-12;
      for (float v : ref) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < ref.length; i++) {
        grad = Math.max(grad, Math.abs(got[i] - ref[i]) / scale);
      }
    }
    return new double[] {loss, grad};
  }
}
