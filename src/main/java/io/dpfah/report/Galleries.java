package io.dpfah.report;

import io.dpfah.data.DataException;
import io.dpfah.eval.EvalInputException;
import io.dpfah.results.ExperimentResults;
import io.dpfah.results.RunRecord;
import io.dpfah.search.RetrievalGallery;
import io.dpfah.search.RunData;
import io.dpfah.search.RunFolder;
import io.dpfah.search.SearchException;
import io.dpfah.spec.SpecException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's retrieval examples: a {@link RetrievalGallery} for every finished run that still
 * has its codes and whose data set can be rebuilt. Runs without codes (committed results folders
 * hold none) or without data are each named in one line instead.
 */
final class Galleries {
  private Galleries() {}

  /**
   * The HTML section, or "" when {@code queries} is 0 or nothing finished.
   *
   * @param queries queries per run
   * @param seed seed of the query choice
   */
  static String section(ExperimentResults results, int queries, long seed) {
    List<RunRecord> runs = results.finished();
    if (queries <= 0 || runs.isEmpty()) {
      return "";
    }
    StringBuilder h = new StringBuilder("<h2 id=\"retrieval-examples\">Retrieval examples</h2>\n");
    List<String> withoutCodes = new ArrayList<>();
    List<RunRecord> withCodes = new ArrayList<>();
    for (RunRecord r : runs) {
      if (missingCodes(r)) {
        withoutCodes.add(r.runId());
      } else {
        withCodes.add(r);
      }
    }
    if (withCodes.isEmpty()) {
      return h.append("<p class=\"note\">No retrieval gallery: no run folder holds its codes"
          + " (the .npy files are gitignored, so they exist only where the runs were"
          + " executed).</p>\n").toString();
    }
    h.append("<p>Per run, ").append(queries).append(" queries (seed ").append(seed)
        .append(") and their ").append(RetrievalGallery.TOP).append(" nearest database images by"
            + " Hamming distance (ties: lower database row first), framed green when they share a"
            + " label with the query and red when not; d = Hamming distance.</p>\n");
    if (!withoutCodes.isEmpty()) {
      h.append("<p class=\"note\">No gallery for ").append(withoutCodes.size())
          .append(" run(s) without saved codes: ")
          .append(HtmlReport.esc(String.join(", ", withoutCodes))).append(".</p>\n");
    }
    RunData.Loader data = new RunData.Loader();
    boolean first = true;
    for (RunRecord r : withCodes) {
      String body;
      try {
        RetrievalGallery g = RetrievalGallery.of(r.dir(), queries, seed, data);
        body = "<p>" + HtmlReport.esc(g.summary()) + "</p>\n" + g.fragment();
      } catch (SearchException | DataException | EvalInputException | SpecException
          | UncheckedIOException e) {
        h.append("<p class=\"note\">No gallery for ").append(HtmlReport.esc(r.runId()))
            .append(": ").append(HtmlReport.esc(e.getMessage())).append("</p>\n");
        continue;
      }
      h.append(first ? "<details open>" : "<details>").append("<summary>")
          .append(HtmlReport.esc(r.runId())).append("</summary>\n").append(body)
          .append("</details>\n");
      first = false;
    }
    return h.toString();
  }

  private static boolean missingCodes(RunRecord r) {
    return !RunFolder.missingCodeFiles(r.dir()).isEmpty();
  }
}
