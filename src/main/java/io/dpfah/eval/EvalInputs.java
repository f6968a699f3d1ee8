package io.dpfah.eval;

import io.dpfah.data.Labels;
import java.nio.file.Path;

/**
 * Loads hash codes and labels saved by this project or by other tools (DeepHash-pytorch,
 * HashNet, ...) from {@code .npy} files and checks that they fit together.
 *
 * <p>Codes: a 2-D array (n, K). Floating dtypes are binarised by sign (v &ge; 0 &rarr; +1, see
 * {@link HashCodes#fromFloats}). Integer and bool dtypes must be either all ±1, or all in {0, 1}
 * (the {@code (B + 1) / 2} form some tools save), in which case 1 &rarr; +1 and 0 &rarr; -1; a bool
 * array is read the same way. Any other value (for example a mix of -1, 0 and 1) is an error.
 *
 * <p>Labels: a 1-D integer array of class ids &ge; 0, or a 2-D (n, C) multi-hot array whose
 * values are all 0 or 1 (any dtype). Relevance is "same class" or "at least one shared label".
 */
public final class EvalInputs {
  private EvalInputs() {}

  /**
   * Query and database codes and labels that passed the consistency checks.
   *
   * @param query query codes
   * @param queryLabels labels of the queries
   * @param db database codes
   * @param dbLabels labels of the database items
   */
  public record Loaded(HashCodes query, Labels queryLabels, HashCodes db, Labels dbLabels) {}

  /** Reads hash codes from a {@code .npy} file (rules in the class comment). */
  public static HashCodes codes(Path file) {
    NpyArray a = Npy.read(file);
    if (a.ndim() != 2 || a.dim(1) == 0) {
      throw new EvalInputException(file + ": shape " + java.util.Arrays.toString(a.shape())
          + ", expected hash codes of shape (n, K) with K >= 1");
    }
    int n = a.dim(0);
    int bits = a.dim(1);
    int len = a.length();
    if (a.isFloating()) {
      try {
        return HashCodes.fromFloats(a.toFloats(), n, bits);
      } catch (IllegalArgumentException e) {
        throw new EvalInputException(file + ": " + e.getMessage());
      }
    }
    boolean pm1 = true;
    boolean zeroOne = true;
    int firstBad = -1;
    for (int i = 0; i < len && (pm1 || zeroOne); i++) {
      long v = a.getLong(i);
      if (v != 1 && v != -1) {
        pm1 = false;
      }
      if (v != 1 && v != 0) {
        zeroOne = false;
      }
      if (!pm1 && !zeroOne) {
        firstBad = i;
      }
    }
    if (!pm1 && !zeroOne) {
      throw new EvalInputException(file + ": value " + a.getLong(firstBad) + " at item "
          + firstBad / bits + ", bit " + firstBad % bits + " (dtype " + a.dtype()
          + "); integer codes must be all +1/-1 or all 0/1");
    }
    byte[] signs = new byte[len];
    for (int i = 0; i < len; i++) {
      signs[i] = a.getLong(i) == 1 ? (byte) 1 : (byte) -1;
    }
    return HashCodes.fromSigns(signs, n, bits);
  }

  /** Reads labels from a {@code .npy} file (rules in the class comment). */
  public static Labels labels(Path file) {
    NpyArray a = Npy.read(file);
    return labels(file, a, -1);
  }

  private static Labels labels(Path file, NpyArray a, int numClasses) {
    if (a.ndim() == 1) {
      if (a.isFloating()) {
        throw new EvalInputException(file + ": dtype " + a.dtype()
            + ", expected integer class ids for 1-D labels");
      }
      int[] ids = a.toInts();
      int max = -1;
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] < 0) {
          throw new EvalInputException(file + ": label of item " + i + " is " + ids[i]
              + ", expected a class id >= 0");
        }
        max = Math.max(max, ids[i]);
      }
      return Labels.ofClassIds(ids, Math.max(numClasses, max + 1));
    }
    if (a.ndim() == 2) {
      int n = a.dim(0);
      int c = a.dim(1);
      if (c == 0) {
        throw new EvalInputException(file + ": shape (" + n + ", 0), expected at least one label column");
      }
      byte[][] rows = new byte[n][c];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < c; k++) {
          double v = a.getDouble(i * c + k);
          if (v != 0 && v != 1) {
            throw new EvalInputException(file + ": value " + v + " at item " + i + ", label " + k
                + ", expected a multi-hot row of 0/1");
          }
          rows[i][k] = (byte) v;
        }
      }
      return Labels.ofMultiHot(rows);
    }
    throw new EvalInputException(file + ": shape " + java.util.Arrays.toString(a.shape())
        + ", expected labels of shape (n,) class ids or (n, C) multi-hot");
  }

  /**
   * Reads and cross-checks all four inputs: each label file must have as many rows as its code
   * file, query and database codes must have the same K, label kinds and widths must agree, and
   * the database must not be empty.
   */
  public static Loaded load(Path queryCodes, Path dbCodes, Path queryLabels, Path dbLabels) {
    HashCodes q = codes(queryCodes);
    HashCodes db = codes(dbCodes);
    if (db.size() == 0) {
      throw new EvalInputException(dbCodes + ": database is empty (shape (0, " + db.bits()
          + ")), expected at least one item");
    }
    if (q.size() == 0) {
      throw new EvalInputException(queryCodes + ": no queries (shape (0, " + q.bits()
          + ")), expected at least one");
    }
    if (q.bits() != db.bits()) {
      throw new EvalInputException("code lengths differ: " + queryCodes + " has " + q.bits()
          + " bits, " + dbCodes + " has " + db.bits() + " bits; expected the same K");
    }
    NpyArray qa = Npy.read(queryLabels);
    NpyArray da = Npy.read(dbLabels);
    if (qa.ndim() != da.ndim()) {
      throw new EvalInputException("label kinds differ: " + queryLabels + " is " + qa.ndim()
          + "-D, " + dbLabels + " is " + da.ndim() + "-D; expected both class ids or both multi-hot");
    }
    if (qa.ndim() == 2 && qa.dim(1) != da.dim(1)) {
      throw new EvalInputException("label widths differ: " + queryLabels + " has " + qa.dim(1)
          + " columns, " + dbLabels + " has " + da.dim(1) + "; expected the same C");
    }
    int classes = 0;
    if (qa.ndim() == 1) {
      classes = Math.max(maxId(qa), maxId(da)) + 1;
    }
    Labels ql = labels(queryLabels, qa, classes);
    Labels dl = labels(dbLabels, da, classes);
    if (ql.size() != q.size()) {
      throw new EvalInputException(queryLabels + ": " + ql.size() + " labels, expected "
          + q.size() + " (one per row of " + queryCodes + ")");
    }
    if (dl.size() != db.size()) {
      throw new EvalInputException(dbLabels + ": " + dl.size() + " labels, expected "
          + db.size() + " (one per row of " + dbCodes + ")");
    }
    return new Loaded(q, ql, db, dl);
  }

  private static int maxId(NpyArray a) {
    if (a.isFloating()) {
      return 0;
    }
    long max = 0;
    for (int i = 0; i < a.length(); i++) {
      max = Math.max(max, a.getLong(i));
    }
    return (int) Math.min(max, Integer.MAX_VALUE - 1);
  }
}
