package io.dpfah.cli;

import static io.dpfah.results.MetricsFixtures.finishedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.MetricsFixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

  @TempDir Path exp;

  private int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new ReportCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void printsHeadlineAndIndexPath() {
    finishedRun(exp, "none", 16, 1, 0.5, 0.5, 10, 0, 1);
    finishedRun(exp, "none", 16, 2, 0.7, 0.7, 10, 0, 1);
    MetricsFixtures.failedRun(exp, "pfa", 16, 1, "boom");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, run(out, err, exp.toString()));
    String text = out.toString();
    // mean .6, std sqrt(.02/1) = .1414
    assertTrue(text.contains("| none    | 0.600 ± 0.141 |"), text);
    assertTrue(text.contains("failed attention=pfa,bits=16,seed=1: boom"), text);
    assertTrue(text.contains(exp.resolve("report/index.html").toAbsolutePath().toString()), text);
    assertTrue(Files.isRegularFile(exp.resolve("report/index.html")));
    assertEquals("", err.toString());
  }

  @Test
  void missingFolderExitsTwoWithMessage() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(2, run(out, err, exp.resolve("missing").toString()));
    assertTrue(err.toString().startsWith("dpfah report: "), err.toString());
    assertTrue(err.toString().contains("not a directory"), err.toString());
  }
}
