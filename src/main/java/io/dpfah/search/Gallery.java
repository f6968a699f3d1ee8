package io.dpfah.search;

import io.dpfah.data.RawImage;
import java.util.List;

/**
 * HTML rows of retrieval results: each row a query image, then its neighbours, every image an
 * embedded PNG ({@link Thumbnails}) with caption lines under it. A neighbour known to be relevant
 * to its query (sharing a label) is framed green ({@code class="relevant"}), one known not to be
 * red ({@code class="irrelevant"}), one of unknown relevance grey ({@code class="neighbour"}).
 */
public final class Gallery {
  /** Styles of the markup {@link #html} writes; {@link #page} and {@link #standalone} add them. */
  public static final String CSS = ".dpfah-gallery .gallery-row{display:flex;flex-wrap:wrap;"
      + "align-items:flex-start;gap:4px;margin:0 0 12px;}\n"
      + ".dpfah-gallery figure{margin:0;text-align:center;font:11px sans-serif;}\n"
      + ".dpfah-gallery figure img{display:block;margin:0 auto;border:4px solid #bbb;"
      + "max-width:none;}\n"
      + ".dpfah-gallery figure.query{margin-right:14px;}\n"
      + ".dpfah-gallery figure.query img{border-color:#333;}\n"
      + ".dpfah-gallery figure.relevant img{border-color:#2e7d32;}\n"
      + ".dpfah-gallery figure.irrelevant img{border-color:#c62828;}\n";

  private Gallery() {}

  /** Whether a neighbour is relevant to its query. */
  public enum Relevance {
    /** Shares a label with the query: framed green. */
    RELEVANT,
    /** Shares none: framed red. */
    IRRELEVANT,
    /** Not known (no labels): framed grey. */
    UNKNOWN
  }

  /**
   * One image of a row.
   *
   * @param image the decoded image
   * @param caption lines shown under the image (the Hamming distance for a neighbour)
   * @param title tooltip text (where the image comes from), or {@code null}
   * @param relevance the frame colour of a neighbour; {@code UNKNOWN} for a query
   */
  public record Item(RawImage image, List<String> caption, String title, Relevance relevance) {
    /** Copies the caption. */
    public Item {
      caption = List.copyOf(caption);
    }
  }

  /**
   * A query and its neighbours, nearest first.
   *
   * @param query the query image
   * @param neighbours its neighbours
   */
  public record Row(Item query, List<Item> neighbours) {
    /** Copies the list. */
    public Row {
      neighbours = List.copyOf(neighbours);
    }
  }

  /** The rows as a {@code <div class="dpfah-gallery">} fragment, without {@link #CSS}. */
  public static String html(List<Row> rows, int side) {
    StringBuilder h = new StringBuilder("<div class=\"dpfah-gallery\">\n");
    for (Row row : rows) {
      h.append("<div class=\"gallery-row\">\n");
      figure(h, "query", row.query(), side);
      for (Item item : row.neighbours()) {
        figure(h, switch (item.relevance()) {
          case RELEVANT -> "relevant";
          case IRRELEVANT -> "irrelevant";
          case UNKNOWN -> "neighbour";
        }, item, side);
      }
      h.append("</div>\n");
    }
    return h.append("</div>\n").toString();
  }

  /** The fragment of {@link #html} preceded by its {@code <style>}, for notebook cells. */
  public static String standalone(List<Row> rows, int side) {
    return "<style>\n" + CSS + "</style>\n" + html(rows, side);
  }

  /** A complete HTML page: title, an introductory paragraph and the rows. */
  public static String page(String title, String intro, List<Row> rows, int side) {
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
        + esc(title) + "</title>\n<style>\nbody{font-family:sans-serif;margin:1.5em;}\n" + CSS
        + "</style>\n</head>\n<body>\n<h1>" + esc(title) + "</h1>\n<p>" + esc(intro) + "</p>\n"
        + html(rows, side) + "</body>\n</html>\n";
  }

  private static void figure(StringBuilder h, String cls, Item item, int side) {
    h.append("<figure class=\"").append(cls).append("\"");
    if (item.title() != null) {
      h.append(" title=\"").append(esc(item.title())).append("\"");
    }
    h.append("><img src=\"").append(Thumbnails.dataUri(item.image(), side)).append("\" alt=\"")
        .append(esc(String.join(" ", item.caption()))).append("\"><figcaption>")
        .append(String.join("<br>", item.caption().stream().map(Gallery::esc).toList()))
        .append("</figcaption></figure>\n");
  }

  /** Escapes text for HTML element content and attribute values. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }
}
