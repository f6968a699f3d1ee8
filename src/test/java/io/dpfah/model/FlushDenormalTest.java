package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The flush-denormal call on this JDK, in child JVMs started with the options the launchers
 * compute ({@code scripts/launcher.sh}); Surefire's own JVM keeps denormals (see pom.xml).
 */
class FlushDenormalTest {
  private static final int FEATURE = Runtime.version().feature();

  @Test
  void eachJdkGetsTheApiItHas() {
    assertEquals(LibTorchCall.Api.INCUBATOR, LibTorchCall.api(17, true));
    assertEquals(LibTorchCall.Api.NONE, LibTorchCall.api(17, false));
    for (int jdk = 18; jdk <= 20; jdk++) {
      assertEquals(LibTorchCall.Api.NONE, LibTorchCall.api(jdk, jdk == 18));
    }
    assertEquals(LibTorchCall.Api.FOREIGN, LibTorchCall.api(21, false), "21's preview, reflectively");
    assertEquals(LibTorchCall.Api.FOREIGN, LibTorchCall.api(22, false));
    assertEquals(LibTorchCall.Api.FOREIGN, LibTorchCall.api(25, false));
    assertTrue(LibTorchCall.whyNone(17).contains("--add-modules jdk.incubator.foreign"));
    assertTrue(LibTorchCall.whyNone(20).contains("JDK 21's preview, the final one from JDK 22"));
  }

  @Test
  void theLauncherOptionsMatchTheJdk() throws Exception {
    assertEquals("--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED",
        launcherOptions(17));
    assertEquals("--add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED",
        sh(". scripts/launcher.sh; dpfah_jvm_options 17 sweep"));
    assertEquals("--enable-native-access=ALL-UNNAMED",
        sh(". scripts/launcher.sh; dpfah_jvm_options 17 validate"),
        "commands that do not train are spared JDK 17's incubator warning");
    assertEquals("", launcherOptions(20));
    assertEquals("--enable-native-access=ALL-UNNAMED", launcherOptions(21));
    assertEquals("--enable-native-access=ALL-UNNAMED", launcherOptions(22));
    assertEquals("--enable-native-access=ALL-UNNAMED", launcherOptions(25));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    assertEquals(Integer.toString(FEATURE), sh(". scripts/launcher.sh; dpfah_java_feature " + java));
  }

  @Test
  void withTheLauncherOptionsTheModeTogglesOrIsReportedUnavailableOnce() throws Exception {
    String out = probe(launcherOptions(FEATURE));
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    if (FEATURE == 17 || FEATURE >= 21) {
      assertEquals("before=false on=true flushedOn=true off=true flushedOff=false", last, out);
      assertTrue(!out.contains("WARNING: A restricted method"), "no native-access warning: " + out);
    } else {
      assertEquals("before=false on=false flushedOn=false off=false flushedOff=false", last, out);
      assertEquals(1, out.split("flush-denormal on not applied", -1).length - 1, out);
    }
  }

  @Test
  void onJdk17WithoutTheIncubatorModuleItSaysOnceWhyAndChangesNothing() throws Exception {
    assumeTrue(FEATURE == 17, "JDK 17 only");
    String out = probe("");
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertEquals("before=false on=false flushedOn=false off=false flushedOff=false", last, out);
    assertEquals(1, out.split("not applied", -1).length - 1, "one warning: " + out);
    assertTrue(out.contains("--add-modules jdk.incubator.foreign"), out);
  }

  private static String launcherOptions(int feature) throws Exception {
    return sh(". scripts/launcher.sh; dpfah_jvm_options " + feature);
  }

  private static String sh(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), script);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.exitValue(), script + ": " + out);
    return out;
  }

  /** Runs {@link FlushDenormalProbe} in a child JVM with {@code options}; its whole output. */
  private static String probe(String options) throws IOException, InterruptedException {
    return ChildJvm.run(FlushDenormalProbe.class, options);
  }
}
