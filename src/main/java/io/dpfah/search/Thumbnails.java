package io.dpfah.search;

import io.dpfah.data.RawImage;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * Small PNG renderings of decoded images for HTML galleries: images smaller than the target side
 * are enlarged by a whole factor with square pixels (a 28×28 image becomes 84×84 at side 84),
 * larger ones are shrunk by area averaging to fit it.
 */
public final class Thumbnails {
  /** The default longest side in pixels. */
  public static final int SIDE = 84;

  private Thumbnails() {}

  /** The image as an RGB {@link BufferedImage} (a grey image has three equal channels). */
  public static BufferedImage toBufferedImage(RawImage img) {
    int h = img.height();
    int w = img.width();
    byte[] px = img.pixels();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        int r = px[p] & 0xff;
        int g = img.channels() == 3 ? px[plane + p] & 0xff : r;
        int b = img.channels() == 3 ? px[2 * plane + p] & 0xff : r;
        out.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return out;
  }

  /** The image scaled to fit {@code side} (see the class comment). */
  public static BufferedImage thumbnail(RawImage img, int side) {
    BufferedImage src = toBufferedImage(img);
    int longest = Math.max(img.height(), img.width());
    int w;
    int h;
    Image scaled;
    if (longest <= side) {
      int f = side / longest;
      w = img.width() * f;
      h = img.height() * f;
      scaled = src.getScaledInstance(w, h, Image.SCALE_REPLICATE);
    } else {
      w = Math.max(1, img.width() * side / longest);
      h = Math.max(1, img.height() * side / longest);
      scaled = src.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING);
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(scaled, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** PNG bytes of an image. */
  public static byte[] png(BufferedImage img) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      ImageIO.write(img, "png", bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG in memory", e);
    }
    return bytes.toByteArray();
  }

  /** A {@code data:image/png;base64,...} URI of the thumbnail of {@code img}. */
  public static String dataUri(RawImage img, int side) {
    return "data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png(thumbnail(img, side)));
  }
}
