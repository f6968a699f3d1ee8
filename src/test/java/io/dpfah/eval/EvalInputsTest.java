package io.dpfah.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dpfah.data.Labels;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Loading codes and labels, and the errors for inputs that do not fit. */
class EvalInputsTest {
  @TempDir Path dir;

  Path int8(String name, byte[] data, int... shape) {
    Path p = dir.resolve(name);
    Npy.writeInt8(p, data, shape);
    return p;
  }

  Path int32(String name, int[] data, int... shape) {
    Path p = dir.resolve(name);
    Npy.writeInt32(p, data, shape);
    return p;
  }

  static void assertNames(Path file, String part, Executable call) {
    EvalInputException e = assertThrows(EvalInputException.class, call);
    assertTrue(e.getMessage().contains(file.toString()), "message names " + file + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }

  @Test
  void readsPlusMinusOneZeroOneAndFloatCodesAlike() {
    byte[] pm1 = {1, -1, -1, 1, 1, 1};
    HashCodes a = EvalInputs.codes(int8("pm1.npy", pm1, 2, 3));
    HashCodes b = EvalInputs.codes(int8("01.npy", new byte[] {1, 0, 0, 1, 1, 1}, 2, 3));
    Path f = dir.resolve("f.npy");
    Npy.writeFloat32(f, new float[] {0.3f, -0.2f, -1f, 0f, 5f, 1e-9f}, 2, 3);
    HashCodes c = EvalInputs.codes(f);
    assertArrayEquals(pm1, a.toSigns());
    assertEquals(a, b);
    assertEquals(a, c, "float codes binarised by sign, 0 -> +1");
    assertEquals(2, a.size());
    assertEquals(3, a.bits());
  }

  @Test
  void rejectsIntegerCodesThatAreNeitherPlusMinusOneNorZeroOne() {
    Path mixed = int8("mixed.npy", new byte[] {1, -1, 0, 1}, 2, 2);
    assertNames(mixed, "must be all +1/-1 or all 0/1", () -> EvalInputs.codes(mixed));
    Path two = int8("two.npy", new byte[] {1, 2}, 1, 2);
    assertNames(two, "value 2", () -> EvalInputs.codes(two));
  }

  @Test
  void rejectsWrongShapes() {
    Path flat = int8("flat.npy", new byte[] {1, -1}, 2);
    assertNames(flat, "expected hash codes of shape (n, K)", () -> EvalInputs.codes(flat));
    Path cube = int32("cube.npy", new int[8], 2, 2, 2);
    assertNames(cube, "expected labels", () -> EvalInputs.labels(cube));
    Path neg = int32("neg.npy", new int[] {0, -1}, 2);
    assertNames(neg, "class id >= 0", () -> EvalInputs.labels(neg));
    Path notHot = int8("nothot.npy", new byte[] {0, 2}, 1, 2);
    assertNames(notHot, "multi-hot", () -> EvalInputs.labels(notHot));
  }

  @Test
  void readsClassIdsAndMultiHot() {
    Labels ids = EvalInputs.labels(int32("ids.npy", new int[] {2, 0, 2}, 3));
    assertEquals(3, ids.numClasses());
    assertTrue(ids.relevant(0, ids, 2));
    Labels hot = EvalInputs.labels(int8("hot.npy", new byte[] {1, 0, 1, 0, 1, 0}, 2, 3));
    assertTrue(hot.isMultiLabel());
    assertEquals(0, hot.classId(0));
    assertEquals(1, hot.classId(1));
  }

  @Test
  void loadChecksConsistency() {
    Path q = int8("q.npy", new byte[] {1, -1, 1, 1}, 2, 2);
    Path db = int8("db.npy", new byte[] {1, -1, -1, -1, 1, 1}, 3, 2);
    Path ql = int32("ql.npy", new int[] {0, 1}, 2);
    Path dl = int32("dl.npy", new int[] {0, 1, 5}, 3);
    EvalInputs.Loaded in = EvalInputs.load(q, db, ql, dl);
    assertEquals(6, in.queryLabels().numClasses(), "both label sets share the class count");
    assertEquals(6, in.dbLabels().numClasses());

    Path dlShort = int32("dl_short.npy", new int[] {0, 1}, 2);
    assertNames(dlShort, "2 labels, expected 3", () -> EvalInputs.load(q, db, ql, dlShort));
    Path ql3 = int32("ql3.npy", new int[] {0, 1, 1}, 3);
    assertNames(ql3, "3 labels, expected 2", () -> EvalInputs.load(q, db, ql3, dl));

    Path db3 = int8("db3.npy", new byte[] {1, -1, 1, -1, 1, 1, 1, 1, 1}, 3, 3);
    EvalInputException e = assertThrows(EvalInputException.class, () -> EvalInputs.load(q, db3, ql, dl));
    assertTrue(e.getMessage().contains(q.toString()) && e.getMessage().contains(db3.toString())
        && e.getMessage().contains("2 bits") && e.getMessage().contains("3 bits"), e.getMessage());

    Path empty = int8("empty.npy", new byte[0], 0, 2);
    Path emptyLabels = int32("empty_labels.npy", new int[0], 0);
    assertNames(empty, "database is empty", () -> EvalInputs.load(q, empty, ql, emptyLabels));

    Path hot = int8("hot.npy", new byte[] {1, 0, 0, 1, 1, 1}, 3, 2);
    EvalInputException kinds = assertThrows(EvalInputException.class, () -> EvalInputs.load(q, db, ql, hot));
    assertTrue(kinds.getMessage().contains(hot.toString()), kinds.getMessage());
  }

  @Test
  void unsupportedDtypeNamesTheFile() throws Exception {
    Path u4 = dir.resolve("u4.npy");
    java.nio.file.Files.write(u4, NpyTest.npy(1, "{'descr': '<u4', 'fortran_order': False, 'shape': (1, 2), }", new byte[8]));
    assertNames(u4, "unsupported dtype", () -> EvalInputs.codes(u4));
  }

  @Test
  void hashCodesRejectNonSignValues() {
    assertThrows(IllegalArgumentException.class, () -> HashCodes.fromSigns(new byte[] {1, 0}, 1, 2));
    HashCodes h = HashCodes.fromSigns(new byte[] {1, -1, -1, 1}, 2, 2);
    assertEquals(2, h.distance(0, h, 1));
    assertEquals(0b01L, h.word(0, 0));
  }
}
