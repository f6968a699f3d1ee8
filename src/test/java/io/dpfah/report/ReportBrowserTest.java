package io.dpfah.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report rendered by a real browser (Debian's {@code chromium}, headless): a copy of
 * {@code index.html} alone in an empty folder (as when mailed) must render without a console
 * message other than the probe's own, every image must decode, and the screenshot must show
 * something. The probe, a script prepended to the copy, logs resources that fail to load and
 * images that did not decode; a control page with a missing image and a script error shows that
 * both are caught. Skipped, saying so, when no chromium is installed ({@code apt-get install
 * chromium}; {@code scripts/test.sh} installs it). The screenshot is kept under {@code
 * target/browser/}.
 */
@Tag("browser")
class ReportBrowserTest {
  private static final Path SHOTS = Path.of("target", "browser");
  private static final String PROBE = "<script>"
      + "addEventListener('error',function(e){if(e.target&&e.target!==window){"
      + "console.error('dpfah-probe: resource failed to load: '+(e.target.src||e.target.href));}"
      + "},true);"
      + "addEventListener('load',function(){for(const i of document.images){"
      + "if(!i.complete||i.naturalWidth===0){console.error('dpfah-probe: image not rendered: '"
      + "+i.src.slice(0,60));}}"
      + "console.log('dpfah-probe: loaded '+document.images.length+' images');});</script>";
  private static final Pattern CONSOLE = Pattern.compile("CONSOLE[^\\]]*\\] \"(.*)\", source");

  @TempDir static Path tmp;
  static String chromium;

  @BeforeAll
  static void findChromium() {
    chromium = List.of("chromium", "chromium-browser", "google-chrome").stream()
        .filter(ReportBrowserTest::onPath).findFirst().orElse(null);
    if (chromium == null) {
      System.out.println("ReportBrowserTest SKIPPED: no chromium on PATH"
          + " (apt-get install chromium); the report was not rendered in a browser");
    }
    assumeTrue(chromium != null, "no chromium on PATH (apt-get install chromium)");
  }

  /** What the browser printed and the screenshot it took. */
  record Rendering(List<String> console, String log, BufferedImage screenshot, Path png) {}

  @Test
  void generatedReportRendersAloneWithoutConsoleErrors() throws Exception {
    Path exp = tmp.resolve("exp");
    SweepFixture.writeWithRunFiles(exp);
    String html = Files.readString(ReportBuilder.build(exp).indexHtml());
    int images = count(html, "<img ");
    assertTrue(images >= 7, "the report embeds its plots");
    Path mailed = Files.createDirectories(tmp.resolve("mailed")).resolve("report.html");
    Files.writeString(mailed, html.replaceFirst("<head>", "<head>" + PROBE));

    Files.createDirectories(SHOTS);
    Rendering r = render(mailed, SHOTS.resolve("report.png"), 1280, 2400);
    System.out.println("ReportBrowserTest: screenshot of the report saved to "
        + r.png().toAbsolutePath());
    assertEquals(List.of("dpfah-probe: loaded " + images + " images"), r.console(),
        "console messages (only the probe's own expected):\n" + r.log());
    assertTrue(!r.log().contains("Uncaught"), r.log());
    BufferedImage shot = r.screenshot();
    assertEquals(1280, shot.getWidth());
    Set<Integer> colours = new HashSet<>();
    long dark = 0;
    for (int y = 0; y < shot.getHeight(); y += 2) {
      for (int x = 0; x < shot.getWidth(); x += 2) {
        int rgb = shot.getRGB(x, y) & 0xFFFFFF;
        colours.add(rgb);
        int lum = ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
        dark += lum < 3 * 128 ? 1 : 0;
      }
    }
    assertTrue(colours.size() > 50, "a page of text, tables and plots, not a blank: "
        + colours.size() + " colours");
    double share = dark / (shot.getWidth() / 2.0 * shot.getHeight() / 2.0);
    assertTrue(share > 0.005 && share < 0.5, "dark (text) pixels: " + share);
  }

  /** The check can fail: a missing image and a script error are both reported. */
  @Test
  void aBrokenPageIsCaught() throws Exception {
    Path page = Files.createDirectories(tmp.resolve("broken")).resolve("page.html");
    Files.writeString(page, "<!DOCTYPE html><html><head>" + PROBE + "</head><body><h1>x</h1>"
        + "<img src=\"plots/missing.png\"><script>undefinedFunction();</script></body></html>");
    Rendering r = render(page, tmp.resolve("broken.png"), 400, 300);
    String all = String.join("\n", r.console());
    assertTrue(all.contains("dpfah-probe: resource failed to load: file:")
        && all.contains("plots/missing.png"), r.log());
    assertTrue(all.contains("dpfah-probe: image not rendered"), r.log());
    assertTrue(all.contains("Uncaught ReferenceError: undefinedFunction is not defined"), r.log());
  }

  private static Rendering render(Path page, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.deleteIfExists(png);
    Path profile = Files.createTempDirectory(tmp, "profile");
    Path log = Files.createTempFile(tmp, "chromium", ".log");
    Process p = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
        "--hide-scrollbars", "--no-first-run", "--disable-extensions",
        "--user-data-dir=" + profile, "--window-size=" + width + "," + height,
        "--screenshot=" + png.toAbsolutePath(), "--enable-logging=stderr", "--v=0",
        page.toUri().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 300 s:\n" + Files.readString(log));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(Files.isRegularFile(png) && Files.size(png) > 0,
        "chromium wrote no screenshot " + png + " (exit " + p.exitValue() + "):\n" + out);
    List<String> console = out.lines().map(CONSOLE::matcher).filter(Matcher::find)
        .map(m -> m.group(1)).toList();
    BufferedImage img = ImageIO.read(png.toFile());
    assertTrue(img != null, png + " is not a readable PNG");
    return new Rendering(console, out, img, png);
  }

  private static boolean onPath(String exe) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, exe))) {
        return true;
      }
    }
    return false;
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
