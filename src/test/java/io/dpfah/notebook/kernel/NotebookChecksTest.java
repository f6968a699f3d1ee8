package io.dpfah.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The executed-notebook checks on hand-written nbformat fixtures. */
class NotebookChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode nb(String cells, String expect) throws Exception {
    return JSON.readTree("{\"cells\": [" + cells + "], \"metadata\": {\"dpfah\": {\"expect\": " + expect
        + "}}, \"nbformat\": 4, \"nbformat_minor\": 5}");
  }

  private static final String MARKDOWN = "{\"cell_type\": \"markdown\", \"source\": \"# t\"}";
  private static final String TABLE = "{\"cell_type\": \"code\", \"execution_count\": 1, \"outputs\": ["
      + "{\"output_type\": \"execute_result\", \"data\": {\"text/html\": \"<table/>\", \"text/plain\": \"t\"}}]}";
  private static final String CHART = "{\"cell_type\": \"code\", \"execution_count\": 2, \"outputs\": ["
      + "{\"output_type\": \"display_data\", \"data\": {\"image/png\": \"iVBO\"}}]}";

  @Test
  void cleanNotebookWithExpectedOutputsHasNoProblems() throws Exception {
    JsonNode ok = nb(MARKDOWN + "," + TABLE + "," + CHART, "[\"text/html\", \"image/png\"]");
    assertEquals(List.of(), NotebookChecks.problems(ok));
    assertEquals(Set.of("text/html", "text/plain", "image/png"), NotebookChecks.mimeTypes(ok));
  }

  @Test
  void errorOutputIsReportedWithItsTraceback() throws Exception {
    String failing = "{\"cell_type\": \"code\", \"execution_count\": 3, \"outputs\": [{\"output_type\": \"error\","
        + " \"ename\": \"CompilationError\", \"evalue\": \"line 1: cannot find symbol\", \"traceback\": [\"x = y\"]}]}";
    List<String> problems = NotebookChecks.problems(nb(TABLE + "," + failing, "[]"));
    assertEquals(List.of("cell 2 failed: CompilationError: line 1: cannot find symbol\n    x = y"), problems);
  }

  @Test
  void missingExpectedTypeAndUnexecutedCellAreReported() throws Exception {
    String notRun = "{\"cell_type\": \"code\", \"execution_count\": null, \"outputs\": []}";
    List<String> problems = NotebookChecks.problems(nb(TABLE + "," + notRun, "[\"image/png\"]"));
    assertEquals(2, problems.size(), problems.toString());
    assertEquals("cell 2 was not executed", problems.get(0));
    assertTrue(problems.get(1).startsWith("no image/png output"), problems.get(1));
  }
}
