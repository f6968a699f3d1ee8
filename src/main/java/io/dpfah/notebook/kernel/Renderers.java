package io.dpfah.notebook.kernel;

import io.dpfah.search.RetrievalGallery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.common.Text;
import org.dflib.jjava.jupyter.kernel.display.common.Url;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

/**
 * How cell values are shown: a Tablesaw {@link Table} as an HTML table (plus its text print), an
 * XChart chart as a PNG image, a {@link RetrievalGallery} as its HTML (plus its summary), anything
 * else as text (jjava's defaults cover images, URLs and strings). Adding a type is one
 * {@code register} call in {@link #registerProjectTypes}.
 */
public final class Renderers {
  /** Rows shown in the HTML rendering of a table; longer tables show the first rows only. */
  public static final int MAX_HTML_ROWS = 50;

  private Renderers() {}

  /** A renderer with jjava's defaults (images, URLs, text) and the project's types. */
  public static Renderer standard() {
    Renderer renderer = new Renderer();
    Image.registerAll(renderer);
    Url.registerAll(renderer);
    Text.registerAll(renderer);
    registerProjectTypes(renderer);
    return renderer;
  }

  /** Registers the table, retrieval gallery and chart renderings on {@code renderer}. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  public static void registerProjectTypes(Renderer renderer) {
    renderer.createRegistration(Table.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
        .register((table, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> tableHtml(table));
          ctx.getOutputContainer().putText(table.print());
        });
    renderer.createRegistration(RetrievalGallery.class)
        .preferring(MIMEType.TEXT_HTML)
        .supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
        .register((gallery, ctx) -> {
          ctx.renderIfRequested(MIMEType.TEXT_HTML, gallery::html);
          ctx.getOutputContainer().putText(gallery.summary());
        });
    renderer.createRegistration((Class) Chart.class)
        .preferring(MIMEType.IMAGE_PNG)
        .supporting(MIMEType.IMAGE_PNG, MIMEType.TEXT_PLAIN)
        .register((chart, ctx) -> {
          Chart<?, ?> c = (Chart<?, ?>) chart;
          ctx.renderIfRequested(MIMEType.IMAGE_PNG, () -> Base64.getEncoder().encodeToString(png(c)));
          ctx.getOutputContainer().putText(chartText(c));
        });
  }

  /** The chart as PNG bytes (XChart's bitmap encoder, the chart's own width and height). */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode chart '" + chart.getTitle() + "' as PNG", e);
    }
  }

  /** An HTML table of the first {@link #MAX_HTML_ROWS} rows, cells as Tablesaw formats them. */
  public static String tableHtml(Table table) {
    int rows = Math.min(table.rowCount(), MAX_HTML_ROWS);
    StringBuilder html = new StringBuilder("<table class=\"dpfah-table\">\n<caption>");
    if (table.name() != null && !table.name().isBlank()) {
      html.append(escape(table.name())).append(": ");
    }
    html.append(table.rowCount()).append(" rows × ").append(table.columnCount()).append(" columns");
    if (rows < table.rowCount()) {
      html.append(" (first ").append(rows).append(" shown)");
    }
    html.append("</caption>\n<thead><tr>");
    for (String name : table.columnNames()) {
      html.append("<th>").append(escape(name)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (int r = 0; r < rows; r++) {
      html.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        html.append("<td>").append(escape(table.getString(r, c))).append("</td>");
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody>\n</table>").toString();
  }

  private static String chartText(Chart<?, ?> chart) {
    String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
    return chart.getClass().getSimpleName() + title + " (" + chart.getWidth() + "x" + chart.getHeight() + ")";
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
