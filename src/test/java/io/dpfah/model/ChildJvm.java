package io.dpfah.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test class's {@code main} in a child JVM of this JDK, for native calls and crashes. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main} with the JVM {@code options} (space separated, may be blank) and {@code
   * args}, without {@code DPFAH_ONEDNN} in its environment; asserts exit 0 and returns the whole
   * output (stdout and stderr).
   */
  static String run(Class<?> main, String options, String... args)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (!options.isBlank()) {
      cmd.addAll(Arrays.asList(options.split(" ")));
    }
    cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
    builder.environment().remove("DPFAH_ONEDNN");
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(300, TimeUnit.SECONDS), "child JVM timed out");
    assertEquals(0, process.exitValue(), out);
    return out;
  }
}
