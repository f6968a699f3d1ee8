package io.dpfah.search;

import io.dpfah.data.Labels;
import io.dpfah.eval.EvalInputs;
import io.dpfah.eval.HashCodes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Sample queries of a finished run with their nearest database images: {@code n} query rows
 * drawn by a seeded generator, each with its {@value #TOP} nearest database items by Hamming
 * distance (ties by database index, {@link HammingSearch}), each framed green when it shares a
 * label with the query and red when not, its distance under it. Codes and labels are the run's
 * saved {@code .npy} files; the images are rebuilt from its data set ({@link RunData}).
 *
 * @param runId the run folder's name
 * @param bits code length K
 * @param databaseSize number of database items searched
 * @param seed seed of the query choice
 * @param queries the query rows shown, ascending
 * @param rows one gallery row per query, in the order of {@code queries}
 */
public record RetrievalGallery(String runId, int bits, int databaseSize, long seed,
    List<Integer> queries, List<Gallery.Row> rows) {
  /** Queries shown by default. */
  public static final int DEFAULT_QUERIES = 5;
  /** Neighbours shown per query. */
  public static final int TOP = 10;
  /** Seed of the query choice by default. */
  public static final long DEFAULT_SEED = 1;

  /** Copies the lists. */
  public RetrievalGallery {
    queries = List.copyOf(queries);
    rows = List.copyOf(rows);
  }

  /** {@link #DEFAULT_QUERIES} queries chosen with {@link #DEFAULT_SEED}. */
  public static RetrievalGallery of(Path runDir) {
    return of(runDir, DEFAULT_QUERIES, DEFAULT_SEED, new RunData.Loader());
  }

  /**
   * The gallery of a run.
   *
   * @param runDir the run folder
   * @param queries number of queries (all of them when the run has fewer)
   * @param seed seed of the query choice
   * @param data opens (and keeps) data sets
   * @throws SearchException when the run's codes are absent or do not match its data
   * @throws io.dpfah.data.DataException when its data set is missing or has changed
   * @throws io.dpfah.eval.EvalInputException when its codes files are malformed
   */
  public static RetrievalGallery of(Path runDir, int queries, long seed, RunData.Loader data) {
    if (queries < 1) {
      throw new SearchException("gallery queries: " + queries + ", expected at least 1");
    }
    RunFolder run = RunFolder.open(runDir);
    List<String> missing = run.missingCodeFiles();
    if (!missing.isEmpty()) {
      throw new SearchException(runDir + ": no " + String.join(", ", missing) + " (the .npy"
          + " codes are gitignored, so only the machine that ran it has them)");
    }
    EvalInputs.Loaded codes = EvalInputs.load(run.file(RunFolder.QUERY_CODES),
        run.file(RunFolder.DB_CODES), run.file(RunFolder.QUERY_LABELS),
        run.file(RunFolder.DB_LABELS));
    RunData images = data.load(run);
    requireRows(run, RunFolder.QUERY_CODES, codes.query().size(), images.query().length,
        "query");
    requireRows(run, RunFolder.DB_CODES, codes.db().size(), images.database().length,
        "database");
    List<String> names = images.pool().classNames();
    List<Integer> chosen = chooseQueries(codes.query().size(), queries, seed);
    List<Gallery.Row> rows = new ArrayList<>();
    for (int q : chosen) {
      rows.add(row(q, codes, images, names));
    }
    return new RetrievalGallery(runDir.getFileName().toString(), codes.db().bits(),
        codes.db().size(), seed, chosen, rows);
  }

  private static Gallery.Row row(int q, EvalInputs.Loaded codes, RunData images,
      List<String> names) {
    HashCodes db = codes.db();
    Labels ql = codes.queryLabels();
    Labels dl = codes.dbLabels();
    List<Neighbour> top = HammingSearch.nearest(codes.query(), q, db, TOP);
    List<Gallery.Item> items = new ArrayList<>();
    int hits = 0;
    for (Neighbour n : top) {
      boolean relevant = ql.relevant(q, dl, n.index());
      hits += relevant ? 1 : 0;
      int pool = images.databasePoolIndex(n.index());
      items.add(new Gallery.Item(images.databaseImage(n.index()),
          List.of("d = " + n.distance(), LabelText.of(dl, n.index(), names)),
          "database row " + n.index() + ", " + images.pool().origin(pool),
          relevant ? Gallery.Relevance.RELEVANT : Gallery.Relevance.IRRELEVANT));
    }
    int pool = images.queryPoolIndex(q);
    Gallery.Item query = new Gallery.Item(images.queryImage(q),
        List.of("query " + q, LabelText.of(ql, q, names),
            String.format(Locale.ROOT, "%d/%d relevant", hits, top.size())),
        "query row " + q + ", " + images.pool().origin(pool), Gallery.Relevance.UNKNOWN);
    return new Gallery.Row(query, items);
  }

  private static void requireRows(RunFolder run, String file, int rows, int expected,
      String split) {
    if (rows != expected) {
      throw new SearchException(run.file(file) + ": " + rows + " rows, expected " + expected
          + " (the " + split + " split of the data set " + RunFolder.SPEC_FILE + " describes)");
    }
  }

  /**
   * {@code n} distinct rows of {@code 0..available-1} (all when {@code n >= available}) drawn by
   * a partial Fisher-Yates shuffle seeded with {@code seed}, ascending.
   */
  public static List<Integer> chooseQueries(int available, int n, long seed) {
    int[] rows = new int[available];
    for (int i = 0; i < available; i++) {
      rows[i] = i;
    }
    int take = Math.min(n, available);
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < take; i++) {
      int j = i + rnd.nextInt(available - i);
      int t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
    int[] chosen = Arrays.copyOf(rows, take);
    Arrays.sort(chosen);
    return Arrays.stream(chosen).boxed().toList();
  }

  /** The gallery as an HTML fragment (styles included) for a notebook cell or a page. */
  public String html() {
    return Gallery.standalone(rows, Thumbnails.SIDE);
  }

  /** The gallery as an HTML fragment without styles ({@link Gallery#CSS}). */
  public String fragment() {
    return Gallery.html(rows, Thumbnails.SIDE);
  }

  /** One line: what the gallery shows. */
  public String summary() {
    return String.format(Locale.ROOT, "%s: %d queries (seed %d), top %d of %d database items,"
        + " %d bits; green frame = shares a label with the query, red = does not; d = Hamming"
        + " distance (ties: lower database row first)", runId, queries.size(), seed, TOP,
        databaseSize, bits);
  }

  @Override
  public String toString() {
    return "RetrievalGallery " + summary();
  }
}
