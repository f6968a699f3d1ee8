package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CliTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(out, true);
    System.setOut(capture);
    CommandLine cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(capture, true));
    try {
      int code = cli.execute(args);
      return new Result(code, out.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void aBadSpecGivesOneLineNamingFileLineAndField() throws Exception {
    Path spec = dir.resolve("x.yaml");
    Files.writeString(spec, "name: x\ndata:\n  dataset: synthetic\nmodel:\n  attention: sse\n");
    Result r = run("run", spec.toString(), "--out", dir.resolve("res").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains(spec + ":5: model.attention: 'sse' is not one of"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(dir.resolve("res")), "nothing was started");
  }

  @Test
  void paramsShowsTheTorchvisionCountAndZeroForPfa() {
    Result r = run("params", "experiments/synthetic-smoke.yaml");
    assertEquals(0, r.code(), r.err());
    String pfaRow = r.out().lines().filter(l -> l.startsWith("pfa ")).findFirst().orElseThrow();
    // backbone 11,168,832 = torchvision's 11,176,512 with the 3x3 cifar stem (3·64·9 not 3·64·49)
    assertTrue(pfaRow.contains("11,168,832"), pfaRow);
    assertTrue(pfaRow.matches(".*\\s0\\s.*"), "pfa adds 0: " + pfaRow);
    String seRow = r.out().lines().filter(l -> l.startsWith("se ")).findFirst().orElseThrow();
    // SE, r = 16, over the 8 BasicBlocks: sum of 2·C·(C/16) + C/16 + C for C = 64,64,128,...,512
    assertTrue(seRow.contains("89,080"), seRow);
  }

  @Test
  void everyCommandHasHelp() {
    for (String c : new String[] {"run", "sweep", "report", "eval", "params", "validate", "data",
        "bench-eval", "bench-model", "encode", "search"}) {
      Result r = run(c, "--help");
      assertEquals(0, r.code(), c);
      assertTrue(r.out().contains("Usage: dpfah " + c), c + ": " + r.out());
    }
  }
}
