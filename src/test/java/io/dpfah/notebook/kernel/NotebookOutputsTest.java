package io.dpfah.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Checks the notebooks executed by {@code notebooks/run-notebooks.sh} into {@code target/notebooks/}:
 * each committed notebook has an executed copy in which every code cell ran without an error
 * output and the MIME types of its metadata {@code dpfah.expect} appear; across all of them there
 * is an HTML table and a valid PNG. Skipped (not failed) when {@code target/notebooks/} does not
 * exist, i.e. when the script has not been run.
 */
@Tag("notebooks")
class NotebookOutputsTest {
  private static final Path COMMITTED = Path.of("notebooks");
  private static final Path EXECUTED = Path.of("target", "notebooks");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyNotebookRanCleanly() throws IOException {
    assumeExecuted();
    return committedNames().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
      Path executed = EXECUTED.resolve(name);
      if (!Files.exists(executed)) {
        fail("no executed copy " + executed + " of " + COMMITTED.resolve(name) + " (did nbconvert fail on it?)");
      }
      JsonNode nb = JSON.readTree(executed.toFile());
      assertEquals("java", nb.path("metadata").path("kernelspec").path("name").asText(),
          name + ": kernelspec.name must be 'java' (the repository's kernel)");
      List<String> problems = NotebookChecks.problems(nb);
      assertTrue(problems.isEmpty(), name + ":\n" + String.join("\n", problems));
    }));
  }

  @Test
  void someNotebookShowsAnHtmlTableAndAPngImage() throws IOException {
    assumeExecuted();
    boolean table = false;
    boolean png = false;
    for (String name : committedNames()) {
      Path executed = EXECUTED.resolve(name);
      if (!Files.exists(executed)) {
        continue;
      }
      for (JsonNode cell : JSON.readTree(executed.toFile()).path("cells")) {
        for (JsonNode output : cell.path("outputs")) {
          JsonNode data = output.path("data");
          table |= text(data.path("text/html")).contains("<table");
          if (data.has("image/png")) {
            byte[] bytes = Base64.getMimeDecoder().decode(text(data.path("image/png")));
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4),
                name + ": image/png output is not a PNG");
            png = true;
          }
        }
      }
    }
    assertTrue(table, "no text/html output with a <table> in any executed notebook");
    assertTrue(png, "no image/png output in any executed notebook");
  }

  /** nbformat stores multi-line strings as a string or a list of lines. */
  private static String text(JsonNode node) {
    if (node.isArray()) {
      StringBuilder s = new StringBuilder();
      node.forEach(line -> s.append(line.asText()));
      return s.toString();
    }
    return node.asText("");
  }

  private static void assumeExecuted() {
    assumeTrue(Files.isDirectory(EXECUTED), "no " + EXECUTED + "; run notebooks/run-notebooks.sh first");
  }

  private static List<String> committedNames() throws IOException {
    try (Stream<Path> files = Files.list(COMMITTED)) {
      List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".ipynb")).sorted().toList();
      assertTrue(!names.isEmpty(), "no notebooks in " + COMMITTED.toAbsolutePath());
      return names;
    }
  }
}
