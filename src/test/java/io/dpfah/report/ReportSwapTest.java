package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.results.ClaimHolder;
import io.dpfah.results.MetricsFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report is built aside and swapped in whole, under a lock, so builders never collide. */
class ReportSwapTest {
  @TempDir Path exp;

  private void twoRuns() {
    MetricsFixtures.finishedRun(exp, "none", 16, 1, 0.6, 0.6, 100, 0, 10);
    MetricsFixtures.finishedRun(exp, "pfa", 16, 1, 0.7, 0.7, 100, 0, 10);
  }

  private List<String> hidden() throws Exception {
    try (Stream<Path> s = Files.list(exp)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".report"))
          .sorted().toList();
    }
  }

  @Test
  void aBuildSwapsInOnlyWhileNoOtherProcessHoldsTheReportLock() throws Exception {
    twoRuns();
    Path report = exp.resolve("report");
    Files.createDirectories(report);
    Files.writeString(report.resolve("index.html"), "the old report");
    Process holder = ClaimHolder.start(exp.resolve(".locks/report.lock"));
    CompletableFuture<ReportSummary> build;
    try {
      build = CompletableFuture.supplyAsync(() -> ReportBuilder.build(exp, 0, 1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (hidden().isEmpty() || !Files.exists(exp.resolve(hidden().get(0))
          .resolve("index.html"))) {
        assertTrue(System.nanoTime() < deadline, "the new report was not written aside");
        Thread.sleep(50);
      }
      Thread.sleep(500);
      assertFalse(build.isDone(), "the build waits for the lock");
      assertEquals("the old report", Files.readString(report.resolve("index.html")),
          "the old report stays whole meanwhile");
    } finally {
      ClaimHolder.kill(holder);
    }
    ReportSummary s = build.get(60, TimeUnit.SECONDS);
    assertTrue(Files.readString(s.indexHtml()).contains("<h1>ablation-attention</h1>"));
    for (Path f : s.files()) {
      assertTrue(Files.isRegularFile(f), "every file of the build is in the report: " + f);
      assertTrue(f.startsWith(report), f.toString());
    }
    assertEquals(List.of(), hidden(), "no staging folder or old report left behind");
  }

  @Test
  void filesTheBuilderDoesNotOwnSurviveARebuildAndStaleOnesDoNot() throws Exception {
    twoRuns();
    ReportBuilder.build(exp, 0, 1);
    Path report = exp.resolve("report");
    Files.createDirectories(report.resolve("extra"));
    Files.writeString(report.resolve("extra/notes.md"), "mine");
    Files.writeString(report.resolve("tables/README.txt"), "about the tables");
    Files.writeString(report.resolve("tables/old_table.csv"), "a,b\n");
    Files.writeString(report.resolve("index.html"), "stale");
    ReportSummary s = ReportBuilder.build(exp, 0, 1);
    assertEquals("mine", Files.readString(report.resolve("extra/notes.md")));
    assertEquals("about the tables", Files.readString(report.resolve("tables/README.txt")));
    assertFalse(Files.exists(report.resolve("tables/old_table.csv")), "stale build output");
    assertTrue(Files.readString(s.indexHtml()).contains("<h1>ablation-attention</h1>"),
        "the stale index.html is replaced");
    assertEquals(List.of(), hidden());
  }
}
