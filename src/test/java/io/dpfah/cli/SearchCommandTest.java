package io.dpfah.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.RawImage;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.HashCodes;
import io.dpfah.eval.Npy;
import io.dpfah.eval.NpyArray;
import io.dpfah.experiment.TinyRun;
import io.dpfah.search.RunData;
import io.dpfah.search.RunFolder;
import io.dpfah.search.Thumbnails;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dpfah encode} and {@code dpfah search} on a run trained here in seconds (synthetic 8×8
 * images, one epoch): encoding reproduces the run's own codes, search ranks exactly, and every
 * bad input is one line on stderr with exit status 2.
 */
class SearchCommandTest {
  private static final int BITS = TinyRun.BITS;
  /** A result line: rank, index, distance, label, pool index or path. */
  private static final Pattern RESULT =
      Pattern.compile("^\\s*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)\\s+(\\S+)$");

  @TempDir static Path tmp;
  static Path run;
  static RunData data;
  /** PNGs of the run's 12 database images, db00.png ... db11.png. */
  static Path dbImages;

  private record Result(int code, String out, String err) {}

  private static Result cli(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void trainATinyRun() throws Exception {
    run = TinyRun.train(tmp.resolve("results"), "run", "pfa");
    data = new RunData.Loader().load(RunFolder.open(run));
    dbImages = Files.createDirectories(tmp.resolve("db-images"));
    for (int row = 0; row < data.database().length; row++) {
      png(data.databaseImage(row), dbImages.resolve(String.format("db%02d.png", row)));
    }
  }

  private static void png(RawImage img, Path file) throws Exception {
    ImageIO.write(Thumbnails.toBufferedImage(img), "png", file.toFile());
  }

  private static void assertOneLine(Result r, String... fragments) {
    assertEquals(ExitCodes.INPUT, r.code(), r.err() + r.out());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    for (String f : fragments) {
      assertTrue(r.err().contains(f), "'" + f + "' in: " + r.err());
    }
  }

  /** The result lines of the output: {rank, index, distance} and the last column. */
  private static List<String[]> results(String out) {
    List<String[]> rows = new ArrayList<>();
    for (String line : out.lines().toList()) {
      Matcher m = RESULT.matcher(line);
      if (m.matches()) {
        rows.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5)});
      }
    }
    return rows;
  }

  @Test
  void encodingTheDatabaseImagesReproducesTheRunsCodesInPathOrder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("encode-in"));
    List<Path> expected = new ArrayList<>();
    for (int row : new int[] {7, 2, 9}) {
      Path f = folder.resolve(String.format("db%02d.png", row));
      Files.copy(dbImages.resolve(f.getFileName()), f);
    }
    Path sub = Files.createDirectories(folder.resolve("sub"));
    Files.copy(dbImages.resolve("db04.png"), sub.resolve("a.png"));
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    int[] rows = {2, 7, 9, 4};
    for (String name : new String[] {"db02.png", "db07.png", "db09.png", "sub/a.png"}) {
      expected.add(folder.resolve(name).toAbsolutePath().normalize());
    }
    Path out = tmp.resolve("encoded/codes.npy");
    Result r = cli("encode", run.toString(), "--images", folder.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    NpyArray a = Npy.read(out);
    assertEquals("int8", a.dtype());
    assertArrayEquals(new int[] {4, BITS}, a.shape());
    List<String> paths = Files.readAllLines(out.resolveSibling("paths.txt"));
    assertEquals(expected.stream().map(Path::toString).toList(), paths);
    HashCodes codes = EvalInputs.codes(out);
    HashCodes runDb = EvalInputs.codes(run.resolve("db_codes.npy"));
    for (int i = 0; i < rows.length; i++) {
      assertEquals(0, codes.distance(i, runDb, rows[i]), "row " + i + " = database " + rows[i]);
    }
  }

  @Test
  void aListFileGivesItsOrderAndNamesAMissingLine() throws Exception {
    Path list = tmp.resolve("list.txt");
    Files.writeString(list, "db-images/db05.png 0 1 0\n\ndb-images/db01.png 1 0 0\n");
    Path out = tmp.resolve("listed/codes.npy");
    Result r = cli("encode", run.toString(), "--images", list.toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(dbImages.resolve("db05.png").toAbsolutePath().toString(),
        dbImages.resolve("db01.png").toAbsolutePath().toString()),
        Files.readAllLines(out.resolveSibling("paths.txt")));
    HashCodes codes = EvalInputs.codes(out);
    HashCodes runDb = EvalInputs.codes(run.resolve("db_codes.npy"));
    assertEquals(0, codes.distance(0, runDb, 5));
    assertEquals(0, codes.distance(1, runDb, 1));

    Files.writeString(list, "db-images/db05.png\ndb-images/gone.png\n");
    assertOneLine(cli("encode", run.toString(), "--images", list.toString(), "--out",
        tmp.resolve("x/codes.npy").toString()), list + " line 2", "gone.png");
  }

  @Test
  void searchingTheRunsDatabaseRanksByDistanceWithPoolIndices() throws Exception {
    Result r = cli("search", run.toString(), dbImages.resolve("db06.png").toString(),
        dbImages.resolve("db10.png").toString(), "--k", "5");
    assertEquals(0, r.code(), r.err());
    List<String[]> rows = results(r.out());
    assertEquals(10, rows.size(), r.out());
    HashCodes runDb = EvalInputs.codes(run.resolve("db_codes.npy"));
    int[] queryRow = {6, 10};
    for (int q = 0; q < 2; q++) {
      List<String[]> top = rows.subList(5 * q, 5 * q + 5);
      int previous = -1;
      boolean found = false;
      for (int i = 0; i < 5; i++) {
        String[] row = top.get(i);
        int index = Integer.parseInt(row[1]);
        int d = Integer.parseInt(row[2]);
        assertEquals(i + 1, Integer.parseInt(row[0]));
        assertEquals(runDb.distance(queryRow[q], runDb, index), d, "distance of row " + index);
        assertTrue(d >= previous, "non-decreasing: " + r.out());
        previous = d;
        assertEquals(data.databasePoolIndex(index), Integer.parseInt(row[4]));
        assertTrue(row[3].startsWith("class"), row[3]);
        found |= index == queryRow[q];
      }
      assertEquals("0", top.get(0)[2], "the query's own image is at distance 0");
      assertTrue(found || top.stream().allMatch(t -> t[2].equals("0")), r.out());
    }
    assertTrue(r.out().contains("search "), r.out());
  }

  @Test
  void searchingAHandMadeDatabaseGivesTheExactNeighbours() throws Exception {
    Path q = dbImages.resolve("db03.png");
    Path one = Files.createDirectories(tmp.resolve("one"));
    Files.copy(q, one.resolve("q.png"));
    Path qCodes = tmp.resolve("one-codes/q.npy");
    assertEquals(0, cli("encode", run.toString(), "--images", one.toString(), "--out",
        qCodes.toString()).code());
    byte[] c = signs(qCodes);
    assertEquals(BITS, c.length);
    int[][] flips = {{0, 1, 2}, {}, {5}, {7}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, {0, 1}};
    byte[] db = new byte[flips.length * BITS];
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < flips.length; i++) {
      System.arraycopy(c, 0, db, i * BITS, BITS);
      for (int b : flips[i]) {
        db[i * BITS + b] = (byte) -db[i * BITS + b];
      }
      paths.add("item-" + i + ".png");
    }
    Path dir = Files.createDirectories(tmp.resolve("hand"));
    Npy.writeInt8(dir.resolve("codes.npy"), db, flips.length, BITS);
    Files.write(dir.resolve("paths.txt"), paths);

    Result r = cli("search", run.toString(), q.toString(), "--k", "4", "--database",
        dir.resolve("codes.npy").toString());
    assertEquals(0, r.code(), r.err());
    List<String[]> rows = results(r.out());
    assertEquals(List.of("1 1 0 - item-1.png", "2 2 1 - item-2.png", "3 3 1 - item-3.png",
        "4 5 2 - item-5.png"), rows.stream().map(row -> String.join(" ", row)).toList());

    byte[] shorter = new byte[flips.length * (BITS - 1)];
    Arrays.fill(shorter, (byte) 1);
    Npy.writeInt8(dir.resolve("short.npy"), shorter, flips.length, BITS - 1);
    assertOneLine(cli("search", run.toString(), q.toString(), "--database",
        dir.resolve("short.npy").toString()), dir.resolve("short.npy").toString(),
        "11-bit codes, expected 12");

    Files.write(dir.resolve("paths.txt"), paths.subList(0, 5));
    assertOneLine(cli("search", run.toString(), q.toString(), "--database",
        dir.resolve("codes.npy").toString()), dir.resolve("paths.txt").toString(),
        "5 paths, expected 6");
  }

  private static byte[] signs(Path codes) {
    int[] v = Npy.read(codes).toInts();
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  @Test
  void theHtmlGalleryShowsEachQueryAndItsNeighbours() throws Exception {
    Path html = tmp.resolve("gallery/search.html");
    Result r = cli("search", run.toString(), dbImages.resolve("db00.png").toString(),
        dbImages.resolve("db08.png").toString(), "--k", "3", "--html", html.toString());
    assertEquals(0, r.code(), r.err());
    String page = Files.readString(html);
    assertEquals(2, count(page, "<figure class=\"query\""));
    assertEquals(6, count(page, "<figure class=\"neighbour\""));
    assertEquals(8, count(page, "<img src=\"data:image/png;base64,"));
    assertEquals(6, count(page, "<figcaption>d = "));
  }

  private static int count(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theHelpStatesTheTieOrder() {
    Result r = cli("search", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().replaceAll("\\s+", " ").contains("items at the same distance in database"
        + " index order, lower first"), r.out());
  }

  @Test
  void aRunWithoutModelIsOneLineNamingItsModelFolder() throws Exception {
    Path bare = Files.createDirectories(tmp.resolve("bare/run"));
    for (String f : new String[] {"spec.yaml", "data.json", "metrics.json", "db_codes.npy",
        "db_labels.npy"}) {
      Files.copy(run.resolve(f), bare.resolve(f));
    }
    Path q = dbImages.resolve("db00.png");
    assertOneLine(cli("search", bare.toString(), q.toString()), bare.resolve("model").toString(),
        "no trained model");
    assertOneLine(cli("encode", bare.toString(), "--images", dbImages.toString(), "--out",
        tmp.resolve("bare-codes.npy").toString()), bare.resolve("model").toString());
    assertOneLine(cli("search", tmp.resolve("nowhere").toString(), q.toString()),
        tmp.resolve("nowhere").toString());

    Path params = Files.createDirectories(bare.resolve("model")).resolve("dpfah-0000.params");
    byte[] weights = Files.readAllBytes(run.resolve("model/dpfah-0000.params"));
    Files.write(params, Arrays.copyOf(weights, weights.length / 2));
    assertOneLine(cli("search", bare.toString(), q.toString()), params.toString());
  }

  @Test
  void anUnreadableImageIsOneLineNamingTheFile() throws Exception {
    Path broken = Files.createDirectories(tmp.resolve("broken"));
    Files.copy(dbImages.resolve("db00.png"), broken.resolve("a.png"));
    Path bad = broken.resolve("b.png");
    Files.writeString(bad, "not a PNG at all");
    assertOneLine(cli("search", run.toString(), bad.toString()), bad.toString());
    assertOneLine(cli("encode", run.toString(), "--images", broken.toString(), "--out",
        tmp.resolve("broken-codes.npy").toString()), bad.toString());
    assertFalse(Files.exists(tmp.resolve("broken-codes.npy")), "nothing written");
    assertOneLine(cli("search", run.toString(), broken.resolve("missing.png").toString()),
        broken.resolve("missing.png").toString());
  }
}
