package io.dpfah.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** Decodes PNG/JPEG files with ImageIO into channel-major {@link RawImage}s. */
public final class ImageFiles {
  static {
    ImageIO.setUseCache(false);
  }

  private ImageFiles() {}

  /** True for file names ending in .png, .jpg or .jpeg (any case). */
  public static boolean isImage(Path file) {
    String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
  }

  /** Decodes {@code file}: grey images give 1 channel, everything else 3 (RGB, alpha dropped). */
  public static RawImage decode(Path file) throws IOException {
    BufferedImage img;
    try (var in = Files.newInputStream(file)) {
      img = ImageIO.read(in);
    } catch (IOException | RuntimeException e) {
      throw new DataException(file + ": cannot decode image: " + e.getMessage(), e);
    }
    if (img == null) {
      throw new DataException(file + ": cannot decode image (not a PNG/JPEG ImageIO can read)");
    }
    return toRaw(img);
  }

  /**
   * Checks that {@code file} is an image ImageIO can read, from its header alone (format and size:
   * milliseconds, not a full decode). Catches empty, truncated-header and non-image files.
   *
   * @throws DataException naming the file
   */
  public static void checkHeader(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw new DataException(file + ": not an image ImageIO can read (expected PNG or JPEG)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        if (reader.getWidth(0) <= 0 || reader.getHeight(0) <= 0) {
          throw new DataException(file + ": image header gives an empty size");
        }
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof DataException de) {
        throw de;
      }
      throw new DataException(file + ": cannot read image header: " + e.getMessage(), e);
    }
  }

  /** Converts a decoded image to CHW bytes. */
  public static RawImage toRaw(BufferedImage img) {
    int h = img.getHeight();
    int w = img.getWidth();
    int n = h * w;
    if (img.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] out = new byte[n];
      img.getRaster().getDataElements(0, 0, w, h, out);
      return new RawImage(1, h, w, out);
    }
    byte[] out = new byte[3 * n];
    if (img.getType() == BufferedImage.TYPE_3BYTE_BGR
        && img.getRaster().getDataBuffer() instanceof DataBufferByte buf
        && img.getRaster().getParent() == null
        && buf.getData().length == 3 * n) {
      byte[] bgr = buf.getData();
      for (int p = 0; p < n; p++) {
        out[p] = bgr[3 * p + 2];
        out[n + p] = bgr[3 * p + 1];
        out[2 * n + p] = bgr[3 * p];
      }
      return new RawImage(3, h, w, out);
    }
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    for (int p = 0; p < n; p++) {
      int v = argb[p];
      out[p] = (byte) (v >>> 16);
      out[n + p] = (byte) (v >>> 8);
      out[2 * n + p] = (byte) v;
    }
    return new RawImage(3, h, w, out);
  }
}
