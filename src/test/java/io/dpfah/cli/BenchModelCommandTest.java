package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchModelCommandTest {

  @Test
  void printsOneRowPerVariant() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchModelCommand());
    cli.setOut(new PrintWriter(out));
    int code =
        cli.execute(
            "--attention", "none,pfa", "--batch", "2", "--size", "8", "--stem", "cifar",
            "--warmup", "0", "--iters", "1", "--device", "cpu");
    assertEquals(0, code, out.toString());
    String[] lines = out.toString().strip().split("\n");
    assertEquals(4, lines.length, out.toString());
    // resnet18, cifar stem, K = 64, 10 classes: 11,168,832 + 512·64 + 64 + 64·10 + 10
    assertTrue(lines[2].matches("none\\s+11,202,314\\s+\\S+\\s+\\S+"), lines[2]);
    assertTrue(lines[3].matches("pfa\\s+11,202,314\\s+\\S+\\s+\\S+"), lines[3]);
  }

  @Test
  void rejectsUnknownVariant() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchModelCommand());
    cli.setErr(new PrintWriter(err));
    assertEquals(2, cli.execute("--attention", "eca"));
    assertTrue(err.toString().contains("unknown variant 'eca'"), err.toString());
  }
}
