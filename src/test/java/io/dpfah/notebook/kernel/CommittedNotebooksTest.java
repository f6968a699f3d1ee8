package io.dpfah.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The committed notebooks carry their outputs, so they read on GitHub as last executed ({@code
 * notebooks/run-notebooks.sh --commit} refreshes them): every code cell ran, in order (execution
 * counts 1, 2, 3, ...: a cell added or moved without rerunning breaks the sequence), none shows an
 * error, and the MIME types of the notebook's {@code dpfah.expect} metadata are among its
 * outputs. Runs without Jupyter: it reads the files only.
 */
class CommittedNotebooksTest {
  private static final Path COMMITTED = Path.of("notebooks");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TestFactory
  Stream<DynamicTest> everyCommittedNotebookCarriesItsOutputs() throws IOException {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(COMMITTED)) {
      notebooks = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
    assertTrue(notebooks.size() >= 5, "notebooks: " + notebooks);
    return notebooks.stream().map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
      JsonNode json = JSON.readTree(nb.toFile());
      List<String> problems = new ArrayList<>(NotebookChecks.problems(json));
      int expected = 1;
      int outputs = 0;
      for (JsonNode cell : json.path("cells")) {
        if (cell.path("cell_type").asText().equals("code")) {
          if (cell.path("execution_count").asInt(-1) != expected) {
            problems.add("code cell " + expected + " has execution count "
                + cell.path("execution_count") + ": rerun notebooks/run-notebooks.sh --commit");
          }
          expected++;
          outputs += cell.path("outputs").size();
        }
      }
      assertTrue(outputs > 0, nb + " has no outputs at all");
      assertEquals(List.of(), problems, nb + " (refresh with notebooks/run-notebooks.sh --commit)");
    }));
  }
}
