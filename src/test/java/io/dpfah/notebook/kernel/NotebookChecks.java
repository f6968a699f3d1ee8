package io.dpfah.notebook.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks of an executed notebook (nbformat 4 JSON): every code cell ran, no cell has an error
 * output, and every MIME type listed in the notebook metadata {@code "dpfah": {"expect": [...]}}
 * occurs in some output.
 */
final class NotebookChecks {
  private NotebookChecks() {}

  /** The MIME types of all display_data / execute_result outputs. */
  static Set<String> mimeTypes(JsonNode notebook) {
    Set<String> types = new LinkedHashSet<>();
    for (JsonNode cell : notebook.path("cells")) {
      for (JsonNode output : cell.path("outputs")) {
        output.path("data").fieldNames().forEachRemaining(types::add);
      }
    }
    return types;
  }

  /** Human-readable problems of an executed notebook; empty if it is fine. */
  static List<String> problems(JsonNode notebook) {
    List<String> problems = new ArrayList<>();
    int index = 0;
    for (JsonNode cell : notebook.path("cells")) {
      index++;
      if (!"code".equals(cell.path("cell_type").asText())) {
        continue;
      }
      if (cell.path("execution_count").isNull() || cell.path("execution_count").isMissingNode()) {
        problems.add("cell " + index + " was not executed");
      }
      for (JsonNode output : cell.path("outputs")) {
        if ("error".equals(output.path("output_type").asText())) {
          StringBuilder msg = new StringBuilder("cell " + index + " failed: " + output.path("ename").asText()
              + ": " + output.path("evalue").asText());
          for (JsonNode line : output.path("traceback")) {
            msg.append("\n    ").append(line.asText());
          }
          problems.add(msg.toString());
        }
      }
    }
    Set<String> present = mimeTypes(notebook);
    for (JsonNode expected : notebook.path("metadata").path("dpfah").path("expect")) {
      if (!present.contains(expected.asText())) {
        problems.add("no " + expected.asText() + " output (expected by metadata dpfah.expect; outputs have " + present + ")");
      }
    }
    return problems;
  }
}
