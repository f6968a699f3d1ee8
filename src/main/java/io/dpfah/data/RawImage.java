package io.dpfah.data;

/**
 * A decoded image: unsigned 8-bit pixels in channel-major (C, H, W) order.
 *
 * @param channels 1 (grey) or 3 (RGB)
 * @param height rows
 * @param width columns
 * @param pixels {@code channels*height*width} bytes, read as unsigned
 */
public record RawImage(int channels, int height, int width, byte[] pixels) {
  /** Checks that the pixel array matches the shape. */
  public RawImage {
    if (pixels.length != channels * height * width) {
      throw new IllegalArgumentException(
          "image of " + channels + "x" + height + "x" + width + " has " + pixels.length + " bytes");
    }
  }
}
