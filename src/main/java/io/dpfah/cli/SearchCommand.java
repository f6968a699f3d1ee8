package io.dpfah.cli;

import io.dpfah.data.DataException;
import io.dpfah.data.RawImage;
import io.dpfah.eval.HashCodes;
import io.dpfah.search.CodeDatabase;
import io.dpfah.search.Gallery;
import io.dpfah.search.HammingSearch;
import io.dpfah.search.Neighbour;
import io.dpfah.search.RunData;
import io.dpfah.search.RunFolder;
import io.dpfah.search.SearchException;
import io.dpfah.search.Thumbnails;
import io.dpfah.search.TrainedRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpfah search RUN_DIR IMAGE...}: the database items nearest to query images in a trained
 * run's Hamming space, printed as a table and optionally as an HTML gallery.
 */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = {"Find the database items nearest to query images in a trained run's Hamming"
        + " space.",
        "Each IMAGE is encoded with the run's network and evaluation pipeline (as dpfah encode"
            + " does). The database is the run's own (db_codes.npy and db_labels.npy; shown with"
            + " pool indices when its data set, which spec.yaml names, can be rebuilt), or"
            + " --database: codes written by dpfah encode, shown with their paths.txt.",
        "Ranking: Hamming distance ascending; items at the same distance in database index"
            + " order, lower first (so the result depends on the codes alone).",
        "Prints per query: rank, database index, Hamming distance, label and pool index (or"
            + " path); then the time taken by loading, encoding and searching."})
public final class SearchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RUN_DIR",
      description = "A finished run's folder (results/<experiment>/<run>) with its model/.")
  Path runDir;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "IMAGE",
      description = "Query images (PNG or JPEG).")
  List<Path> images;

  @Option(names = "--k", defaultValue = "10", description = "Neighbours per query (default:"
      + " ${DEFAULT-VALUE}).")
  int k;

  @Option(names = "--database", paramLabel = "CODES.npy",
      description = "Search codes written by dpfah encode (with the paths.txt beside them)"
          + " instead of the run's database.")
  Path database;

  @Option(names = "--html", paramLabel = "OUT.html",
      description = "Also write a gallery: each query and its neighbours as embedded PNGs, the"
          + " Hamming distance under each.")
  Path html;

  @Override
  public Integer call() {
    if (k < 1) {
      throw new SearchException("--k is " + k + ", expected at least 1");
    }
    for (Path img : images) {
      if (!Files.isRegularFile(img)) {
        throw new DataException(img + ": no such image file, expected a PNG or JPEG query");
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    List<RawImage> queryImages = TrainedRun.decode(images);
    RunFolder folder = RunFolder.open(runDir);
    long readStart = System.nanoTime();
    CodeDatabase db = database == null ? CodeDatabase.ofRun(folder)
        : CodeDatabase.ofEncoded(database);
    db.requireBits(folder.spec().hash().bits(), "hash.bits of "
        + folder.file(RunFolder.SPEC_FILE));
    double readS = seconds(readStart);
    long modelStart = System.nanoTime();
    try (TrainedRun run = TrainedRun.open(runDir)) {
      double loadS = seconds(modelStart);
      long dataStart = System.nanoTime();
      RunData data = null;
      String noPoolIndices = null;
      if (database == null) {
        try {
          data = new RunData.Loader().load(folder);
          if (data.database().length != db.size()) {
            throw new SearchException(db.source() + ": " + db.size() + " rows, expected "
                + data.database().length + " (the database split of the run's data set)");
          }
        } catch (DataException e) {
          if (html != null) {
            throw new DataException("--html needs the database images, but " + e.getMessage(), e);
          }
          noPoolIndices = e.getMessage();
        }
      }
      List<String> classNames = data != null ? data.pool().classNames() : folder.classNames();
      double dbS = readS + seconds(dataStart);

      long encodeStart = System.nanoTime();
      HashCodes queries = run.encode(queryImages);
      double encodeS = seconds(encodeStart);

      List<List<Neighbour>> results = new ArrayList<>();
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long cpuStart = threads.getCurrentThreadCpuTime();
      long searchStart = System.nanoTime();
      for (int q = 0; q < queries.size(); q++) {
        results.add(HammingSearch.nearest(queries, q, db.codes(), k));
      }
      double searchS = seconds(searchStart);
      double searchCpuS = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;

      for (int q = 0; q < queries.size(); q++) {
        printQuery(w, images.get(q), results.get(q), db, data, classNames);
      }
      if (noPoolIndices != null) {
        w.println("pool indices unavailable: " + noPoolIndices);
      }
      w.printf(Locale.ROOT, "time: model %.2f s, database %.2f s, encoding %d %s %.1f ms,"
          + " search %.3f ms (%.3f ms per query over %d codes; CPU %.3f ms per query)%n", loadS,
          dbS, queries.size(), queries.size() == 1 ? "query" : "queries", encodeS * 1e3,
          searchS * 1e3, searchS * 1e3 / queries.size(), db.size(),
          searchCpuS * 1e3 / queries.size());
      if (html != null) {
        writeHtml(queryImages, results, db, data, classNames);
        w.println("gallery: " + html);
      }
      w.flush();
    }
    return ExitCodes.OK;
  }

  private void printQuery(PrintWriter w, Path image, List<Neighbour> top, CodeDatabase db,
      RunData data, List<String> classNames) {
    w.printf(Locale.ROOT, "query %s: %d nearest of %d database items (%d bits)%n", image,
        top.size(), db.size(), db.codes().bits());
    String last = db.paths() != null ? "path" : "pool_index";
    w.printf(Locale.ROOT, "%6s %8s %8s  %-16s %s%n", "rank", "index", "distance", "label", last);
    for (Neighbour n : top) {
      String where = db.paths() != null ? db.paths().get(n.index())
          : data != null ? Integer.toString(data.databasePoolIndex(n.index())) : "?";
      w.printf(Locale.ROOT, "%6d %8d %8d  %-16s %s%n", n.rank(), n.index(), n.distance(),
          db.label(n.index(), classNames), where);
    }
  }

  private void writeHtml(List<RawImage> queryImages, List<List<Neighbour>> results,
      CodeDatabase db, RunData data, List<String> classNames) {
    List<Gallery.Row> rows = new ArrayList<>();
    for (int q = 0; q < queryImages.size(); q++) {
      List<Gallery.Item> items = new ArrayList<>();
      for (Neighbour n : results.get(q)) {
        RawImage img;
        String source;
        if (db.paths() != null) {
          source = db.paths().get(n.index());
          img = TrainedRun.decode(List.of(Path.of(source))).get(0);
        } else {
          img = data.databaseImage(n.index());
          source = data.pool().origin(data.databasePoolIndex(n.index()));
        }
        items.add(new Gallery.Item(img, List.of("d = " + n.distance(),
            db.label(n.index(), classNames)), "database row " + n.index() + ", " + source,
            Gallery.Relevance.UNKNOWN));
      }
      Path query = images.get(q);
      rows.add(new Gallery.Row(new Gallery.Item(queryImages.get(q),
          List.of(String.valueOf(query.getFileName())), query.toString(),
          Gallery.Relevance.UNKNOWN), items));
    }
    String page = Gallery.page("dpfah search: " + runDir.getFileName(),
        "Run " + runDir + ", database " + db.source() + " (" + db.size() + " items, "
            + db.codes().bits() + " bits). Each row: a query, then its " + k + " nearest items;"
            + " d = Hamming distance, ties in database index order.", rows, Thumbnails.SIDE);
    try {
      Path parent = html.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(html, page, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + html, e);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
