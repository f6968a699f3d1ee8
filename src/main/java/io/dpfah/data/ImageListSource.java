package io.dpfah.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DeepHash-pytorch / HashNet list files: each non-blank line is {@code path l1 l2 ... lC} with a
 * 0/1 multi-hot label vector; paths are relative to the root (absolute paths are kept).
 *
 * <p>Indexing: the pool is the concatenation database list ++ query list ++ train list, so pool
 * indices {@code [0, D)} are the database, {@code [D, D+Q)} the queries and {@code [D+Q, D+Q+T)}
 * the training images. An image listed in several files appears once per listing. When every
 * line of every list carries exactly one 1, the labels are single-label class ids.
 *
 * <p>All lines are validated and every image file's existence is checked at load; decoding is lazy.
 */
public final class ImageListSource extends FileImagePool implements PredefinedSplits {
  private final List<String> origins;
  private final int db;
  private final int query;
  private final int train;
  private final Map<String, Object> provenance;

  private ImageListSource(List<Path> files, List<String> origins, Labels labels, int db, int query,
      int train, Map<String, Object> provenance) {
    super(files, labels, columnNames(labels.numClasses()));
    this.origins = origins;
    this.db = db;
    this.query = query;
    this.train = train;
    this.provenance = provenance;
  }

  /** Reads and validates the three lists under {@code root}. */
  public static ImageListSource load(Path root, String trainList, String queryList,
      String databaseList) {
    Path dir = root == null ? Path.of(".") : root;
    List<Path> listPaths = new ArrayList<>();
    List<Path> missingLists = new ArrayList<>();
    for (String l : new String[] {databaseList, queryList, trainList}) {
      if (l == null) {
        throw new DataException("image-list: data.lists needs train, query and database files");
      }
      Path p = dir.resolve(l);
      listPaths.add(p);
      if (!Files.isRegularFile(p)) {
        missingLists.add(p);
      }
    }
    if (!missingLists.isEmpty()) {
      throw new MissingDataException(
          "image-list", missingLists,
          "data.lists names list files relative to data.root (DeepHash-pytorch format)");
    }
    List<Path> files = new ArrayList<>();
    List<String> origins = new ArrayList<>();
    List<byte[]> rows = new ArrayList<>();
    int[] counts = new int[3];
    int[] width = {-1};
    Path[] widthFrom = new Path[1];
    List<String> missingImages = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      int before = files.size();
      readList(listPaths.get(k), dir, files, origins, rows, width, widthFrom, missingImages);
      counts[k] = files.size() - before;
      if (counts[k] == 0) {
        throw new DataException(listPaths.get(k) + ": list file has no entries");
      }
    }
    if (!missingImages.isEmpty()) {
      int show = Math.min(10, missingImages.size());
      throw new DataException(
          missingImages.size() + " image file(s) named in the lists do not exist: "
              + String.join("; ", missingImages.subList(0, show))
              + (show < missingImages.size() ? "; ..." : ""));
    }
    byte[][] rowArr = rows.toArray(new byte[0][]);
    boolean single = rowArr.length > 0;
    for (byte[] r : rowArr) {
      int ones = 0;
      for (byte b : r) {
        ones += b;
      }
      single &= ones == 1;
    }
    Labels labels;
    if (single) {
      int[] ids = new int[rowArr.length];
      for (int i = 0; i < ids.length; i++) {
        for (int c = 0; c < rowArr[i].length; c++) {
          if (rowArr[i][c] == 1) {
            ids[i] = c;
          }
        }
      }
      labels = Labels.ofClassIds(ids, width[0]);
    } else {
      labels = Labels.ofMultiHot(rowArr);
    }
    Map<String, Object> prov = new LinkedHashMap<>();
    prov.put("databaseList", listPaths.get(0).toString());
    prov.put("queryList", listPaths.get(1).toString());
    prov.put("trainList", listPaths.get(2).toString());
    prov.put("labelColumns", width[0]);
    return new ImageListSource(
        List.copyOf(files), List.copyOf(origins), labels, counts[0], counts[1], counts[2],
        Map.copyOf(prov));
  }

  private static void readList(Path list, Path root, List<Path> files, List<String> origins,
      List<byte[]> rows, int[] width, Path[] widthFrom, List<String> missing) {
    try (BufferedReader r = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
      String line;
      int no = 0;
      while ((line = r.readLine()) != null) {
        no++;
        if (line.isBlank()) {
          continue;
        }
        String[] tok = line.strip().split("\\s+");
        int c = tok.length - 1;
        if (c == 0) {
          throw new DataException(list + " line " + no + ": no labels after the image path");
        }
        if (width[0] < 0) {
          width[0] = c;
          widthFrom[0] = list;
        } else if (c != width[0]) {
          throw new DataException(
              list + " line " + no + ": " + c + " labels, expected " + width[0]
                  + " (as on the first line of " + widthFrom[0] + ")");
        }
        byte[] row = new byte[c];
        for (int k = 0; k < c; k++) {
          String t = tok[k + 1];
          if (t.equals("1")) {
            row[k] = 1;
          } else if (!t.equals("0")) {
            throw new DataException(
                list + " line " + no + ": label " + (k + 1) + " is '" + t + "', expected 0 or 1");
          }
        }
        Path img = root.resolve(tok[0]);
        if (!Files.isRegularFile(img)) {
          missing.add(img + " (" + list + " line " + no + ")");
        }
        files.add(img);
        origins.add(img + " (" + list.getFileName() + " line " + no + ")");
        rows.add(row);
      }
    } catch (IOException e) {
      throw new DataException(list + ": cannot read: " + e.getMessage(), e);
    }
  }

  @Override
  public int[] databaseIndices() {
    return range(0, db);
  }

  @Override
  public int[] queryIndices() {
    return range(db, db + query);
  }

  @Override
  public int[] trainIndices() {
    return range(db + query, db + query + train);
  }

  @Override
  public Map<String, Object> splitProvenance() {
    return provenance;
  }

  private static int[] range(int from, int to) {
    int[] a = new int[to - from];
    for (int i = 0; i < a.length; i++) {
      a[i] = from + i;
    }
    return a;
  }

  private static List<String> columnNames(int columns) {
    List<String> names = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      names.add(Integer.toString(c));
    }
    return names;
  }

  @Override
  public String origin(int index) {
    return origins.get(index);
  }
}
