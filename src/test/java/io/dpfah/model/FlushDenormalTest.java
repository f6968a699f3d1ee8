package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlushDenormalTest {

  @Test
  void withoutTheForeignModuleNothingChanges() {
    // Surefire's JVM does not add jdk.incubator.foreign, so the call must report false and
    // leave subnormals intact.
    assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.foreign").isEmpty());
    assertFalse(Devices.flushDenormal(true));
    assertFalse(FlushDenormal.subnormalIsFlushed());
  }

  @Test
  void withTheForeignModuleTheModeTogglesInAChildJvm() throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    java,
                    "--add-modules", "jdk.incubator.foreign",
                    "--enable-native-access=ALL-UNNAMED",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    "-cp", System.getProperty("java.class.path"),
                    FlushDenormalProbe.class.getName()))
            .redirectErrorStream(true)
            .start();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    String last = out.strip().lines().reduce((a, b) -> b).orElse("");
    assertEquals(
        "before=false on=true flushedOn=true off=true flushedOff=false", last, out);
  }
}
