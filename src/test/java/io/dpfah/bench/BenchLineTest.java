package io.dpfah.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchLineTest {

  private static final String LINE = "bench impl=pytorch mode=train backbone=resnet18 size=32"
      + " attention=pfa batch=64 threads=2 steps=30 images_per_s=530.25 wall_s_per_step=0.12070"
      + " user_s_per_step=0.23000 sys_s_per_step=0.00400 version=torch-1.13.0a0/python-3.11.2";

  @Test
  void parsesFieldsInOrder() {
    BenchLine l = BenchLine.parse(LINE, "x");
    assertEquals("pytorch", l.get("impl"));
    assertEquals("pfa", l.get("attention"));
    assertEquals(530.25, l.number("images_per_s"));
    assertEquals(0.004, l.number("sys_s_per_step"));
    assertEquals("torch-1.13.0a0/python-3.11.2", l.get("version"));
    assertEquals(List.of("impl", "mode", "backbone", "size", "attention", "batch", "threads",
        "steps", "images_per_s", "wall_s_per_step", "user_s_per_step", "sys_s_per_step",
        "version"), List.copyOf(l.fields().keySet()));
    assertEquals(LINE, l.format());
  }

  @Test
  void badLinesNameThePlaceAndTheField() {
    assertEquals("f:3: field 'sys_s_per_step' is missing",
        message(LINE.replace(" sys_s_per_step=0.00400", "")));
    assertEquals("f:3: field 'images_per_s': expected a number, got 'fast'",
        message(LINE.replace("530.25", "fast")));
    assertEquals("f:3: field 'images_per_s': expected a finite number >= 0, got 'NaN'",
        message(LINE.replace("530.25", "NaN")));
    assertEquals("f:3: expected key=value, got 'oops'", message(LINE + " oops"));
    assertEquals("f:3: field 'size' appears twice", message(LINE + " size=64"));
    assertEquals("f:3: expected a line starting with 'bench ', got 'images 3'",
        message("images 3"));
  }

  private static String message(String line) {
    return assertThrows(BenchInputException.class, () -> BenchLine.parse(line, "f:3"))
        .getMessage();
  }

  @Test
  void formatRefusesWhitespaceInValues() {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("impl", "dpfah");
    f.put("version", "jdk 17");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new BenchLine(f).format());
    assertTrue(e.getMessage().contains("version=jdk 17"), e.getMessage());
  }

  @Test
  void readSkipsOtherLinesAndNamesFileAndLine(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("lines.txt");
    Files.writeString(log, "WARNING: Using incubator modules\n" + LINE + "\n\n"
        + LINE.replace("pytorch", "dpfah") + "\n");
    List<BenchLine> read = BenchLine.read(log);
    assertEquals(2, read.size());
    assertEquals("dpfah", read.get(1).get("impl"));
    Files.writeString(log, LINE + "\n" + LINE.replace("threads=2", "threads=two") + "\n");
    BenchInputException e = assertThrows(BenchInputException.class, () -> BenchLine.read(log));
    assertEquals(log + ":2: field 'threads': expected a number, got 'two'", e.getMessage());
  }
}
