package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dpfah.eval.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dpfah loss}: a shared case reproduces its losses and gradients; bad cases exit 2. */
class LossCommandTest {
  private static final Path CASE =
      Path.of("..", "shared", "fixtures", "methods", "hashnet-k32-c7-multi-s4");
  private static final Path GREEDY =
      Path.of("src", "test", "resources", "fixtures", "methods", "greedyhash-k16-c5-single-s3");

  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void writesLossesAndGradients() throws IOException {
    Path out = dir.resolve("out");
    Result r = run("loss", CASE.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    JsonNode ref = new ObjectMapper().readTree(CASE.resolve("case.json").toFile()).get("steps");
    assertEquals(ref.size(), result.get("losses").size());
    for (int k = 0; k < ref.size(); k++) {
      double want = ref.get(k).get("loss").asDouble();
      assertEquals(want, result.get("losses").get(k).asDouble(), 1e-5 * Math.abs(want));
      float[] g = Npy.read(out.resolve("g" + k + ".npy")).toFloats();
      float[] gr = Npy.read(CASE.resolve("g" + k + ".npy")).toFloats();
      assertEquals(gr.length, g.length);
      for (int i = 0; i < g.length; i++) {
        assertEquals(gr[i], g[i], 1e-5 * Math.abs(gr[i]) + 1e-9);
      }
    }
  }

  private Path copyCase() throws IOException {
    return copyCase(CASE);
  }

  private Path copyCase(Path from) throws IOException {
    Path c = dir.resolve("case-" + from.getFileName());
    Files.createDirectories(c);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, c.resolve(f.getFileName()));
      }
    }
    return c;
  }

  private void assertOneLine(Result r, String expected) {
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains(expected), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
  }

  @Test
  void greedyHashCaseBringsItsClassifierWeight() throws IOException {
    Path out = dir.resolve("out");
    Result r = run("loss", GREEDY.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode result = new ObjectMapper().readTree(out.resolve("result.json").toFile());
    JsonNode ref = new ObjectMapper().readTree(GREEDY.resolve("case.json").toFile()).get("steps");
    for (int k = 0; k < ref.size(); k++) {
      double want = ref.get(k).get("loss").asDouble();
      assertEquals(want, result.get("losses").get(k).asDouble(), 1e-5 * Math.abs(want));
    }
    Path c = copyCase(GREEDY);
    Path json = c.resolve("case.json");
    Files.writeString(json, Files.readString(json).replaceAll(",\\s*\"fc\": \"fc.npy\"", ""));
    assertOneLine(run("loss", c.toString(), "--out", out.toString()),
        "fc: method greedyhash needs its classifier's weight, a [5, 16] .npy file");
  }

  @Test
  void badCasesExitWith2AndOneLine() throws IOException {
    String out = dir.resolve("out").toString();
    assertOneLine(run("loss", dir.resolve("nothing").toString(), "--out", out), "case.json: missing");

    Path c = copyCase();
    Files.delete(c.resolve("u1.npy"));
    assertOneLine(run("loss", c.toString(), "--out", out), "u1.npy: missing");

    Npy.writeFloat32(c.resolve("u1.npy"), new float[6], 2, 3);
    assertOneLine(run("loss", c.toString(), "--out", out), "u1.npy: expected shape [B, 32]");

    Path json = c.resolve("case.json");
    String text = Files.readString(json);
    Files.writeString(json, text.replace("\"hashnet\"", "\"hashnett\""));
    assertOneLine(run("loss", c.toString(), "--out", out), "unknown method 'hashnett'");

    Files.writeString(json, text.replace("\"hashnet\"", "\"itq\""));
    assertOneLine(run("loss", c.toString(), "--out", out), "case.json: method: itq is a shallow"
        + " method (fitted on features, no loss to check); cases are for the trained methods");

    Files.writeString(json, text.replace("\"alpha\"", "\"alpah\""));
    assertOneLine(run("loss", c.toString(), "--out", out),
        "config.alpah: unknown hyper-parameter of hashnet");

    Files.writeString(json, text.replace("\"alpha\": 0.1", "\"alpha\": -1"));
    assertOneLine(run("loss", c.toString(), "--out", out), "config.alpha: must be > 0");
  }
}
